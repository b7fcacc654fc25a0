package ctl.base;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What the build wrote into the jar (ctl/build.properties): read once, in one place. */
public final class Build {
    private Build() {}

    /**
     * ctl's own version: {@code 0.1.0}. From the jar's manifest, which loading this class read
     * already, so {@code --version} opens no resource (issue 11); from ctl/build.properties
     * when the classes are not in a jar (the tests).
     */
    public static String version() {
        String version = Build.class.getPackage().getImplementationVersion();
        return version != null ? version : Written.PROPERTIES.getProperty("version", "");
    }

    /** The version of the embedded PostgreSQL binaries artifact bundled with this ctl. */
    public static String embeddedPostgresVersion() {
        return Written.PROPERTIES.getProperty("embedded.postgres.version", "");
    }

    /** ctl/build.properties, read on first use. */
    private static final class Written {
        static final Properties PROPERTIES = load();
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
