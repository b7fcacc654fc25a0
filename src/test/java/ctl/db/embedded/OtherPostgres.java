package ctl.db.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * A PostgreSQL of another major version, from the zonky binaries jar that the build copies
 * into target/pg-binaries, run by ctl's own embedded machinery in a temp directory of its own
 * (as root, as nobody). {@link #close} stops it and removes the directory.
 */
public final class OtherPostgres implements AutoCloseable {
    private final Path parent;
    private final EmbeddedPostgres server;

    private OtherPostgres(Path parent, EmbeddedPostgres server) {
        this.parent = parent;
        this.server = server;
    }

    /** Starts the major version {@code major} ("13"); fails (never skips) if the build did not copy it. */
    public static OtherPostgres start(String major) throws IOException {
        Path binaries = Path.of(System.getProperty("ctl.home", "."), "target", "pg-binaries");
        Path jar;
        try (Stream<Path> jars = Files.list(binaries)) {
            jar = jars.filter(p -> p.getFileName().toString().matches(".*-" + major + "\\.[0-9.]+\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL " + major + " binaries in " + binaries
                            + ": `mvn generate-test-resources` copies them"));
        }
        // Reachable by nobody, which the server runs as when the tests run as root.
        Path parent = Files.createTempDirectory("ctl-pg" + major + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            return new OtherPostgres(parent, EmbeddedPostgres.start(parent.resolve("pg"), jar));
        } catch (RuntimeException e) {
            Binaries.deleteTree(parent);
            throw e;
        }
    }

    /** A URL as an operator would give it to ctl. */
    public String url() {
        return server.jdbcUrl().replaceFirst("^jdbc:postgresql://", "postgres://" + server.user() + ":" + server.password() + "@");
    }

    public String jdbcUrl() { return server.jdbcUrl(); }
    public String user() { return server.user(); }
    public String password() { return server.password(); }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            Binaries.deleteTree(parent);
        }
    }
}
