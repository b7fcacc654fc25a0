package ctl.doctor;

import ctl.base.CtlException;
import ctl.base.Exit;
import ctl.base.Format;
import ctl.core.Task;
import ctl.db.Database;
import ctl.db.DatabaseConfig;
import ctl.db.Schema;
import ctl.db.embedded.EmbeddedPostgres;
import ctl.output.Output;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record4;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The check an operator runs first on a new host or after an upgrade: which database ctl would
 * use and why, the embedded one's directory, whether it answers and through what, whether every
 * other task would work there, and the launcher's class archive. Writes nothing: what a write
 * needs is asked of the server (has_table_privilege), never tried.
 */
@Command(description = "Check the database ctl would use, whether its tasks would work there, and the launcher's "
        + "class archive; change nothing.",
        footer = {"  ctl doctor", "  DATABASE_URL=postgres://app@db.internal/app ctl doctor --json",
                  "%nExit 0 when every check passes, else the code of the first that failed:",
                  "2 configuration, 6 cannot connect or read-only, 8 schema, 1 anything else."})
public final class Doctor extends Task {
    private static final int OLDEST_SUPPORTED = 130000;

    /** What ctl's tasks do to each table; asked of the server, never tried. */
    private static final Map<String, String> NEEDS = new LinkedHashMap<>();
    static {
        for (String table : List.of("users", "invites", "password_reset_tokens", "api_tokens", "ctl_run_locks")) {
            NEEDS.put(table, "SELECT,INSERT,UPDATE,DELETE");
        }
        for (String table : List.of("authorizations", "activities", "follows")) {
            NEEDS.put(table, "SELECT,DELETE");
        }
        NEEDS.put("groups", "SELECT,INSERT,DELETE");
        NEEDS.put("group_members", "SELECT,INSERT,DELETE");
        NEEDS.put("flyway_schema_history", "SELECT");
    }

    private final List<Check> checks = new ArrayList<>();

    @Override
    public boolean writes() {
        return false;
    }

    @Override
    protected int run() {
        try {
            diagnose();
        } finally {
            checks.add(ArchiveCheck.check(System.getProperty(ArchiveCheck.PROPERTY)));
            show();
        }
        List<Check> failed = checks.stream().filter(c -> c.exit() != Exit.OK).toList();
        if (failed.isEmpty()) {
            return Exit.OK;
        }
        ctx.out().error(failed.size() + " of " + checks.size() + " checks failed: "
                + String.join(", ", failed.stream().map(Check::name).toList()));
        return failed.get(0).exit();
    }

    /** The step's value, or null and a failed check of that name when it cannot be had. */
    private <T> T attempt(String check, Supplier<T> step) {
        try {
            return step.get();
        } catch (CtlException e) {
            checks.add(Check.fail(check, e.getMessage(), e.exitCode()));
            return null;
        }
    }

    private void diagnose() {
        DatabaseConfig config = attempt("database", ctx::config);
        if (config == null) {
            return;
        }
        checks.add(Check.ok("database", source(config)));
        // A password others can read (in the config file, the password file, the command line).
        config.warnings().forEach(w -> checks.add(Check.warn("secrets", w)));
        // Before connecting: that starts the embedded server, and clears a pid file a crash left.
        checks.add(EmbeddedCheck.check(EmbeddedPostgres.defaultDataDir(ctx.env().vars()),
                config.embedded() ? null : setting(config)));
        Database db = attempt("connection", ctx::dbForMigration);
        if (db == null) {
            return;
        }
        Record4<String, String, Integer, String> server = db.read(dsl -> dsl.select(
                DSL.field("current_user", String.class),
                DSL.field("current_setting('server_version')", String.class),
                DSL.field("current_setting('server_version_num')::int", Integer.class),
                DSL.field("coalesce((select case when ssl then 'TLS ' || version else 'no TLS' end"
                        + " from pg_stat_ssl where pid = pg_backend_pid()), 'no TLS')", String.class)).fetchOne());
        checks.add(Check.ok("connection", "connected as " + server.value1()));
        checks.add(transport(db, server.value4()));
        checks.add(PoolerCheck.check(db));
        checks.add(server.value3() >= OLDEST_SUPPORTED
                ? Check.ok("server version", "PostgreSQL " + server.value2() + " (13 or later is supported)")
                : Check.fail("server version", "PostgreSQL " + server.value2() + " is too old: ctl needs 13 or later", 1));
        checks.add(schema(config, db.read(Schema::appliedIfAny)));
        checks.add(writable(db.read(dsl -> dsl.select(DSL.field(
                "pg_is_in_recovery() or current_setting('transaction_read_only') = 'on'", Boolean.class)).fetchOne(0, Boolean.class))));
        checks.add(privileges("audit log", server.value1(), db.read(dsl -> missing(dsl, Map.of("audit_log", "SELECT,INSERT,UPDATE")))));
        checks.add(privileges("privileges", server.value1(), db.read(dsl -> missing(dsl, NEEDS))));
        String mismatches = db.sessionSettingsMismatches();
        checks.add(mismatches.isEmpty()
                ? Check.ok("session settings", "lock_timeout " + config.lockTimeout() + " and statement_timeout "
                        + config.statementTimeout() + " hold in ctl's transactions")
                : Check.fail("session settings", mismatches, 1));
    }

    /** Which setting won, and where it points: host:port/db or the socket, never a password. */
    private String source(DatabaseConfig config) {
        String from = setting(config);
        if (from == null) {
            return "the embedded database in " + EmbeddedPostgres.defaultDataDir(ctx.env().vars())
                    + (ctx.options().embedded ? " (--embedded)" : " (nothing else is configured)");
        }
        return from + ": " + config.describe() + (config.user() == null ? "" : ", user " + config.user());
    }

    /** The setting that named the database; null for the embedded one. */
    private String setting(DatabaseConfig config) {
        return switch (config.source()) {
            case OPTION -> "--database-url";
            case CTL_DATABASE_URL -> "CTL_DATABASE_URL";
            case DATABASE_URL -> "DATABASE_URL";
            case CONFIG_FILE -> "database.url in the config file " + configFile();
            case LIBPQ_ENV -> "libpq's environment (PGHOST, PGDATABASE)";
            case EMBEDDED -> null;
        };
    }

    private Path configFile() {
        return ctx.options().config != null ? ctx.options().config
                : ctx.env().var("CTL_CONFIG") != null ? Path.of(ctx.env().var("CTL_CONFIG")) : Path.of("/etc/ctl/ctl.conf");
    }

    /**
     * A Unix-domain socket, or TCP (as ctl dialled it: through a pooler the server sees the
     * pooler); TCP to another host without TLS is worth a warning.
     */
    private static Check transport(Database db, String tls) {
        if (db.overSocket()) {
            return Check.ok("transport", "Unix-domain socket " + db.where().replaceFirst(", database .*", ""));
        }
        String hostPort = db.where().replaceFirst("/.*", "");
        String detail = "TCP to " + hostPort + ", " + tls;
        boolean loopback = hostPort.matches("(127\\.[0-9.]+|localhost|\\[::1]):\\d+");
        return loopback || !tls.equals("no TLS")
                ? Check.ok("transport", detail)
                : Check.warn("transport", detail + ": passwords and data cross the network in the clear (sslmode=require)");
    }

    private static Check schema(DatabaseConfig config, int applied) {
        String mismatch = Schema.mismatch(applied);
        if (mismatch == null) {
            return Check.ok("schema", "at version " + applied + ", as this ctl needs");
        }
        if (config.embedded() && applied < Schema.VERSION) {
            return Check.warn("schema", "at version " + applied + ": the next task migrates the embedded database to "
                    + Schema.VERSION);
        }
        return Check.fail("schema", mismatch, Exit.SCHEMA);
    }

    private static Check writable(boolean readOnly) {
        return readOnly
                ? Check.fail("writable", "the database is read-only (a standby, or default_transaction_read_only): "
                        + "tasks that change anything exit 6; point ctl at the primary", Exit.UNAVAILABLE)
                : Check.ok("writable", "the database takes writes");
    }

    private static Check privileges(String name, String user, List<String> missing) {
        return missing.isEmpty()
                ? Check.ok(name, "user " + user + " may do all ctl does there")
                : Check.fail(name, "user " + user + " lacks " + String.join(", ", missing), 1);
    }

    /** "INSERT on audit_log", …: what the user lacks of what ctl needs, on the tables that exist. */
    private static List<String> missing(DSLContext dsl, Map<String, String> needs) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> table : needs.entrySet()) {
            List<String> lacks = new ArrayList<>();
            for (String privilege : table.getValue().split(",")) {
                Boolean has = dsl.select(DSL.field("has_table_privilege(to_regclass({0}), {1})", Boolean.class,
                        DSL.val(table.getKey()), DSL.val(privilege))).fetchOne(0, Boolean.class);
                if (Boolean.FALSE.equals(has)) { // null: no such table, which the schema check reports
                    lacks.add(privilege);
                }
            }
            if (!lacks.isEmpty()) {
                missing.add(String.join(", ", lacks) + " on " + table.getKey());
            }
        }
        return missing;
    }

    /** One line per check (status, name, detail), or records of check, ok, status and detail. */
    private void show() {
        if (ctx.out().format() == Format.TABLE) {
            for (Check c : checks) {
                // one line each: a path with a newline or an escape in it is shown, not obeyed
                ctx.out().data(String.format("%-4s  %-16s  %s", c.status(), c.name(), Output.visible(c.detail())));
            }
            return;
        }
        var dsl = DSL.using(SQLDialect.POSTGRES);
        List<Record> rows = new ArrayList<>();
        for (Check c : checks) {
            Record r = dsl.newRecord(Columns.ALL);
            r.set(Columns.CHECK, c.name());
            r.set(Columns.OK, c.exit() == Exit.OK);
            r.set(Columns.STATUS, c.status().toLowerCase());
            r.set(Columns.DETAIL, c.detail());
            rows.add(r);
        }
        ctx.out().list(Columns.ALL, rows.iterator());
    }

    /** The fields of --json: a holder, so that loading the command table loads no jOOQ. */
    private static final class Columns {
        static final Field<String> CHECK = DSL.field(DSL.name("check"), SQLDataType.VARCHAR);
        static final Field<Boolean> OK = DSL.field(DSL.name("ok"), SQLDataType.BOOLEAN);
        static final Field<String> STATUS = DSL.field(DSL.name("status"), SQLDataType.VARCHAR);
        static final Field<String> DETAIL = DSL.field(DSL.name("detail"), SQLDataType.VARCHAR);
        static final Field<?>[] ALL = {CHECK, OK, STATUS, DETAIL};
    }
}
