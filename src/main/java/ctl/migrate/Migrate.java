package ctl.migrate;

import ctl.core.Task;
import ctl.db.Database;
import ctl.db.Migrations;
import ctl.db.Schema;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.OffsetDateTime;
import java.util.List;

@Command(description = "Apply pending schema migrations, or list them with --status.",
        footer = {"  ctl migrate", "  ctl migrate --status", "  DATABASE_URL=postgres://app@db/app ctl migrate --dry-run"})
public final class Migrate extends Task {

    @Option(names = "--status", description = "List applied and pending migrations; change nothing.")
    boolean status;

    @Override
    public boolean writes() {
        return !status && !ctx.dryRun();
    }

    @Override
    protected int run() {
        Database db = ctx.dbForMigration();
        Migrations migrations = new Migrations(db);
        if (status) {
            List<Record> rows = migrations.status().stream().map(Migrate::row).toList();
            ctx.out().list(new Field<?>[] {Columns.VERSION, Columns.DESCRIPTION, Columns.STATE, Columns.INSTALLED_ON}, rows.iterator());
            return 0;
        }
        if (ctx.dryRun()) {
            long pending = migrations.status().stream().filter(s -> s.installedOn() == null).count();
            ctx.out().status(pending + " pending migration(s) would be applied; schema at " + Schema.applied(db.dsl()));
            return 0;
        }
        List<Migrations.Step> applied = migrations.migrate();
        for (Migrations.Step step : applied) {
            ctx.out().data("Applied migration " + step.version() + ": " + step.description());
        }
        int version = Schema.applied(db.dsl());
        ctx.out().status(applied.isEmpty()
                ? "Database schema already at version " + version
                : "Database schema migrated to version " + version);
        return 0;
    }

    private static Record row(Migrations.Step step) {
        Record r = DSL.using(SQLDialect.POSTGRES).newRecord(Columns.VERSION, Columns.DESCRIPTION, Columns.STATE, Columns.INSTALLED_ON);
        r.set(Columns.VERSION, step.version());
        r.set(Columns.DESCRIPTION, step.description());
        r.set(Columns.STATE, step.state());
        r.set(Columns.INSTALLED_ON, step.installedOn());
        return r;
    }

    /** The columns of `migrate --status`: a holder, so that loading the command table loads no jOOQ. */
    private static final class Columns {
        static final Field<Integer> VERSION = DSL.field(DSL.name("version"), SQLDataType.INTEGER);
        static final Field<String> DESCRIPTION = DSL.field(DSL.name("description"), SQLDataType.VARCHAR);
        static final Field<String> STATE = DSL.field(DSL.name("state"), SQLDataType.VARCHAR);
        static final Field<OffsetDateTime> INSTALLED_ON = DSL.field(DSL.name("installed_on"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    }
}
