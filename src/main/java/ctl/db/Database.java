package ctl.db;

import ctl.base.CtlException;
import ctl.base.Exit;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One connection to the application's database for the length of a run, with SPEC §5's
 * session settings, and the one place where SQL errors become exit codes.
 */
public final class Database implements AutoCloseable {
    private static final int RETRIES = 3;

    private final Connection connection;
    private final DSLContext dsl;
    private final boolean dryRun;
    private final AutoCloseable server;
    private final String url;
    private final String user;
    private final String password;
    private final SessionSettings settings;
    private final Properties properties;

    private Database(Connection connection, boolean dryRun, AutoCloseable server, String url, String user, String password,
                     SessionSettings settings, Properties properties) {
        this.settings = settings;
        this.properties = properties;
        this.connection = connection;
        this.dryRun = dryRun;
        this.server = server;
        this.url = url;
        this.user = user;
        this.password = password;
        this.dsl = DSL.using(connection, SQLDialect.POSTGRES, new Settings()
                .withExecuteLogging(false)
                .withRenderSchema(false));
    }

    /**
     * What opening a database needs, as plain values (this layer never sees a task's context):
     * the config, the task's name (application_name), whether it is a dry run, the environment
     * (the embedded database's directory) and where a notice goes.
     */
    public record Opening(DatabaseConfig config, String task, boolean dryRun, Map<String, String> vars,
                          Consumer<String> notice) {}

    /**
     * Connects as the config says, starting the embedded database if that is the one.
     * With {@code checkSchema}, also checks the schema version, and for a task that writes,
     * that the database takes writes: a standby is exit 6 before any work. A task that only
     * reads has the check in its own transaction, before it reads.
     */
    public static Database open(Opening how, boolean checkSchema, boolean writes) {
        DatabaseConfig config = how.config();
        if (config.embedded()) {
            return EmbeddedDatabase.open(how, checkSchema);
        }
        Database db = connect(config, config.jdbcUrl(), config.user(), config.password(), how.task(), how.dryRun(), null);
        if (checkSchema) {
            db.schemaCheck = new SchemaCheck(writes, config.describe());
            if (writes) {
                // Before any work, prompts included: a transaction of its own, now.
                try {
                    db.read(dsl -> null);
                } catch (RuntimeException e) {
                    db.close();
                    throw e;
                }
            }
        }
        return db;
    }

    /**
     * The schema check still to come, in the first statements of the next transaction: for a
     * task that only reads, that is the task's own (one transaction, not two); a task that
     * writes has it done in {@link #open}, before any work.
     */
    private record SchemaCheck(boolean writes, String where) {}
    private SchemaCheck schemaCheck;

    static Database connect(DatabaseConfig config, String url, String user, String password,
                            String task, boolean dryRun, AutoCloseable server) {
        Properties props = new Properties();
        if (user != null) props.setProperty("user", user);
        if (password != null) props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "5");
        props.setProperty("ApplicationName", task);
        props.setProperty("assumeMinServerVersion", "13");
        // No named server-side statements: a transaction-pooling PgBouncer cannot route them.
        props.setProperty("prepareThreshold", "0");
        props.setProperty("tcpKeepAlive", "true");
        if (!DatabaseConfig.asksForTls(url) && DatabaseConfig.loopbackOnly(url)) {
            // pgjdbc's default (prefer) asks a server for TLS first, a round trip. On a Unix-domain
            // socket or the loopback interface TLS protects nothing (libpq never tries it on a
            // socket); anywhere else, and whenever the user gave an sslmode, it stays as asked.
            props.setProperty("sslmode", "disable");
        }
        // A stalled network ends the run (SPEC §5): no read waits longer than the statement
        // timeout could, and never more than a minute; see SessionSettings.
        props.setProperty("socketTimeout", String.valueOf(SessionSettings.socketTimeoutSeconds(config.statementTimeout())));
        return connect(url, user, password, props, dryRun, server,
                new SessionSettings(config.lockTimeout(), config.statementTimeout()));
    }

    private static Database connect(String url, String user, String password, Properties props, boolean dryRun,
                                     AutoCloseable server, SessionSettings settings) {
        try {
            // The driver directly: DriverManager would scan the classpath for every driver.
            Connection c = new org.postgresql.Driver().connect(url, props);
            if (c == null) {
                throw CtlException.usage("invalid database URL " + DatabaseConfig.describe(url));
            }
            return new Database(c, dryRun, server, url, user, password, settings, props);
        } catch (SQLException e) {
            throw CtlException.unavailable("cannot connect to the database at "
                    + DatabaseConfig.describe(url) + ": " + ConnectFailure.reason(e, url, user), e);
        }
    }

    /**
     * A second connection to where this one goes, with the same settings and timeouts; closing
     * it leaves the embedded server (if that is where it goes) to this one. For ctl doctor, which
     * tells a pooler by what two client connections see.
     */
    public Database another() {
        return connect(url, user, password, properties, dryRun, null, settings);
    }

    /** The host and port the driver dialled (as named, not resolved); null over a Unix-domain socket. */
    public java.net.InetSocketAddress dialled() {
        if (overSocket()) {
            return null;
        }
        try {
            var host = connection.unwrap(org.postgresql.core.BaseConnection.class).getQueryExecutor().getHostSpec();
            return java.net.InetSocketAddress.createUnresolved(host.getHost(), host.getPort());
        } catch (SQLException e) {
            return null;
        }
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** host:port/db, or the socket and database: where this connection goes, never a password. */
    public String where() {
        return DatabaseConfig.describe(url);
    }

    /** True when the connection goes through a Unix-domain socket rather than TCP. */
    public boolean overSocket() {
        return DatabaseConfig.queryParameter(url, "socketFactoryArg") != null;
    }

    /** JDBC coordinates, for Flyway. */
    public String url() { return url; }
    public String user() { return user; }
    public String password() { return password; }

    /**
     * The driver settings of ctl's own connection, for Flyway's: without them its pgjdbc would
     * name server-side statements, which through a transaction-pooling PgBouncer fail ("prepared
     * statement S_1 already exists") and stay behind on server sessions other clients then get.
     * No socket timeout: a migration may rightly take long.
     */
    public java.util.Map<String, String> driverProperties() {
        java.util.Map<String, String> map = new java.util.HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (!name.equals("user") && !name.equals("password") && !name.equals("socketTimeout")) {
                map.put(name, properties.getProperty(name));
            }
        }
        return map;
    }

    /**
     * Runs the work in one transaction: committed, or rolled back under --dry-run so that
     * counts are real but nothing stays. Serialization failures and deadlocks are retried.
     */
    public <T> T transaction(Function<DSLContext, T> work) {
        return transaction(work, false);
    }

    /**
     * Like {@link #transaction(Function)}, with {@code first}, the transaction's first
     * statement, sent in one round trip with the session settings (which hold for it too);
     * {@code work} gets its result and does the rest. For the many short transactions of a
     * bulk run, where round trips are much of a batch's time.
     */
    public <T> T transaction(ResultQuery<?> first, BiFunction<DSLContext, Result<Record>, T> work) {
        if (schemaCheck != null) { // not yet checked (a task that writes was, in open): first as any statement
            return transaction(dsl -> work.apply(dsl, dsl.resultQuery("{0}", first).fetch()), false);
        }
        return transaction(dsl -> work.apply(dsl,
                dsl.resultQuery("{0};\n{1}", settings.query(false), first).fetchMany().get(1)), false, false);
    }

    private <T> T transaction(Function<DSLContext, T> work, boolean read) {
        return transaction(work, read, true);
    }

    private <T> T transaction(Function<DSLContext, T> work, boolean read, boolean settingsFirst) {
        for (int attempt = 1; ; attempt++) {
            try {
                connection.setAutoCommit(false);
                try {
                    if (schemaCheck != null) { // never with !settingsFirst: see transaction(first, work)
                        Schema.check(dsl, settings.apply(dsl, read, Schema.probe()), schemaCheck.writes(), schemaCheck.where());
                        schemaCheck = null;
                    } else if (settingsFirst) { // else the work sends them, with its first statement
                        settings.apply(dsl, read);
                    }
                    T result = work.apply(dsl);
                    if (dryRun) {
                        connection.rollback();
                    } else {
                        connection.commit();
                    }
                    return result;
                } catch (RuntimeException e) {
                    rollbackAfter(e);
                    throw e;
                } finally {
                    // A connection lost midway is closed: what lost it is the error to report.
                    if (!connection.isClosed()) {
                        connection.setAutoCommit(true);
                    }
                }
            } catch (DataAccessException e) {
                String state = e.sqlState();
                if (attempt < RETRIES && ("40001".equals(state) || "40P01".equals(state))) {
                    continue;
                }
                throw translate(e);
            } catch (SQLException e) {
                throw translate(new DataAccessException(e.getMessage(), e));
            }
        }
    }

    /** Best effort: if the connection is gone the server rolls back, and {@code cause} is what to report. */
    private void rollbackAfter(RuntimeException cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Runs read-only work in a transaction of its own, so that it has ctl's session settings
     * (set per transaction: nothing relies on session state, for PgBouncer's sake).
     */
    public <T> T read(Function<DSLContext, T> work) {
        return transaction(work, true);
    }

    /**
     * "" when lock_timeout and statement_timeout hold in a transaction of ctl's as configured,
     * else what differs (for {@code ctl doctor}).
     */
    public String sessionSettingsMismatches() {
        return read(settings::mismatches);
    }

    /** Cancels the statement in flight, from another thread (a second Ctrl-C). Best effort. */
    public void cancel() {
        try {
            connection.unwrap(org.postgresql.PGConnection.class).cancelQuery();
        } catch (SQLException e) {
            // nothing in flight, or the connection is gone: nothing to cancel
        }
    }

    /** The SQL errors an operator can act on become SPEC §2 exit codes; the rest are bugs. */
    public static RuntimeException translate(DataAccessException e) {
        String state = e.sqlState();
        if (state == null) {
            return e;
        }
        return switch (state) {
            case "55P03" -> CtlException.busy("timed out waiting for a lock held by the application; safe to retry");
            case "57014" -> CtlException.busy("the statement timed out; safe to retry");
            case "23505" -> CtlException.conflict(Constraints.describe(e));
            case "23514", "22P02", "22001", "23502" -> CtlException.invalid(Constraints.describe(e));
            case "42P01", "42703" -> new CtlException(Exit.SCHEMA,
                    "the database schema does not match this ctl: run `ctl migrate` (" + firstLine(e) + ")", e);
            case "25006" -> CtlException.unavailable("the database is read-only (a standby?): "
                    + "point ctl at the primary", e);
            default -> state.startsWith("08") || state.equals("57P01") || state.equals("57P03")
                    ? CtlException.unavailable(lostConnection(e), e)
                    : e;
        };
    }

    private static String lostConnection(DataAccessException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return "the database did not answer in time (a stalled network?); the server rolls back "
                        + "whatever was in flight";
            }
        }
        return "lost the connection to the database: " + firstLine(e);
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getCause() instanceof SQLException s ? s.getMessage() : e.getMessage());
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).replaceFirst("^ERROR: ", "");
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing is best effort: the server rolls back whatever was left open
        }
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                throw new CtlException(Exit.UNAVAILABLE, "could not stop the embedded database: " + e.getMessage(), e);
            }
        }
    }
}
