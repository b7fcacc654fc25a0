package ctl.db;

import ctl.db.embedded.EmbeddedPostgres;

import java.nio.file.Path;

/**
 * The embedded default (SPEC §1): starts or shares the server in the data directory,
 * migrates it when it is behind, and stops it when the run ends. Kept apart from
 * {@link Database} so that a run against a configured database never loads it.
 */
final class EmbeddedDatabase {
    private EmbeddedDatabase() {}

    static Database open(Database.Opening how, boolean checkSchema) {
        Path dir = EmbeddedPostgres.defaultDataDir(how.vars());
        how.notice().accept("using the embedded database in " + dir + "; set DATABASE_URL to use yours");
        EmbeddedPostgres server = EmbeddedPostgres.start(dir);
        Database db;
        try {
            db = Database.connect(how.config(), server.jdbcUrl(), server.user(), server.password(),
                    how.task(), how.dryRun(), server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        if (checkSchema) {
            if (Schema.applied(db.dsl()) < Schema.VERSION) {
                new Migrations(db).migrate();
            }
            Schema.check(db.dsl());
        }
        return db;
    }
}
