package ctl.base;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What the build wrote into the jar (ctl/build.properties): read once, in one place. */
public final class Build {
    private static final Properties PROPERTIES = load();

    private Build() {}

    /** ctl's own version: {@code 0.1.0}. */
    public static String version() {
        return PROPERTIES.getProperty("version", "");
    }

    /** The version of the embedded PostgreSQL binaries artifact bundled with this ctl. */
    public static String embeddedPostgresVersion() {
        return PROPERTIES.getProperty("embedded.postgres.version", "");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Build.class.getResourceAsStream("/ctl/build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
