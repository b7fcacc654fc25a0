package ctl.db;

import ctl.base.CtlException;
import ctl.base.Exit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Flyway over the migrations bundled in the jar. Only `migrate` and the embedded database
 * load it, and no Flyway type appears outside this class: picocli reflects over every task
 * class at start-up, and a Flyway type in a task's signatures would load Flyway for all.
 */
public final class Migrations {
    /** One migration as `migrate` reports it. */
    public record Step(int version, String description, String state, OffsetDateTime installedOn) {}

    private final Flyway flyway;

    public Migrations(Database db) {
        this.flyway = Flyway.configure()
                .dataSource(db.url(), db.user(), db.password())
                .jdbcProperties(db.driverProperties())
                .locations("classpath:db/migration")
                .connectRetries(0)
                .load();
    }

    /** Applies what is pending; returns what was applied, in order. */
    public List<Step> migrate() {
        try {
            List<Step> applied = new ArrayList<>();
            for (var m : flyway.migrate().migrations) {
                applied.add(new Step(Integer.parseInt(m.version), m.description, "success", null));
            }
            return applied;
        } catch (FlywayException e) {
            throw new CtlException(Exit.SCHEMA, "migration failed: " + firstLine(e.getMessage()), e);
        }
    }

    /** Every migration, applied or pending, in order. */
    public List<Step> status() {
        List<Step> steps = new ArrayList<>();
        for (MigrationInfo info : flyway.info().all()) {
            steps.add(new Step(Integer.parseInt(info.getVersion().getVersion()), info.getDescription(),
                    info.getState().getDisplayName().toLowerCase(),
                    info.getInstalledOn() == null ? null : info.getInstalledOn().toInstant().atOffset(ZoneOffset.UTC)));
        }
        return steps;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
