package ctl.db.embedded;

import java.nio.file.Path;

/**
 * A second process using the embedded database, for the tests: {@code <dir> hold <ms>}
 * starts, queries, holds it and closes; {@code <dir> crash} starts and dies without closing.
 */
public final class EmbeddedChild {
    public static void main(String[] args) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.start(Path.of(args[0]));
        try (var c = java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var rs = c.createStatement().executeQuery("select 1")) {
            rs.next();
        }
        System.out.println("started");
        System.out.flush();
        if (args[1].equals("crash")) {
            Runtime.getRuntime().halt(9);
        }
        Thread.sleep(Long.parseLong(args[2]));
        pg.close();
    }
}
