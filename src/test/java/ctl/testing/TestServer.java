package ctl.testing;

import ctl.db.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * The PostgreSQL server the tests run on, found once per JVM in this order:
 * CTL_TEST_DATABASE_URL; Testcontainers when a Docker engine answers; the local server
 * on 127.0.0.1:5432; else the embedded one. It never skips: with none, tests fail.
 * Every test class gets a database of its own, cloned from a template migrated once.
 */
public final class TestServer {
    private static TestServer instance;

    final String host;
    public final int port;
    final String user;
    final String password;
    final String description;
    private final String template;
    /** What ends with the JVM, after the template is dropped: the embedded server and its directory. */
    private Runnable stop = () -> {};

    private TestServer(String host, int port, String user, String password, String description) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.description = description;
        this.template = "ctl_template_" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static synchronized TestServer get() {
        if (instance == null) {
            instance = find();
            System.err.println("[ctl tests] PostgreSQL: " + instance.description);
            instance.createTemplate();
            // One hook, so that the template is dropped before the server it is on stops.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    instance.execute("drop database if exists " + instance.template + " with (force)");
                } finally {
                    instance.stop.run();
                }
            }));
        }
        return instance;
    }

    private static TestServer find() {
        String url = System.getenv("CTL_TEST_DATABASE_URL");
        if (url != null && !url.isEmpty()) {
            return fromUrl(url);
        }
        if (dockerEngineAnswers()) {
            return fromTestcontainers();
        }
        if (answers("127.0.0.1", 5432, "postgres", null)) {
            return new TestServer("127.0.0.1", 5432, "postgres", null, "local server on 127.0.0.1:5432");
        }
        return fromEmbedded();
    }

    private static TestServer fromUrl(String url) {
        java.net.URI uri = java.net.URI.create(url.replaceFirst("^jdbc:", ""));
        String[] userInfo = uri.getUserInfo() == null ? new String[] {"postgres"} : uri.getUserInfo().split(":", 2);
        return new TestServer(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), userInfo[0],
                userInfo.length > 1 ? userInfo[1] : null, "CTL_TEST_DATABASE_URL (" + uri.getHost() + ")");
    }

    private static boolean dockerEngineAnswers() {
        boolean configured = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        return configured && org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper stops it
    private static TestServer fromTestcontainers() {
        var container = new org.testcontainers.containers.PostgreSQLContainer<>("postgres:15");
        container.start();
        return new TestServer(container.getHost(), container.getFirstMappedPort(), container.getUsername(),
                container.getPassword(), "Testcontainers " + container.getDockerImageName());
    }

    private static TestServer fromEmbedded() {
        try {
            // Reachable by the unprivileged uid the server runs as when the tests run as root.
            Path parent = Files.createTempDirectory("ctl-test-embedded");
            Files.setPosixFilePermissions(parent, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Path dir = parent.resolve("pg");
            EmbeddedPostgres pg;
            try {
                pg = EmbeddedPostgres.start(dir);
            } catch (RuntimeException e) {
                deleteTree(parent);
                throw e;
            }
            java.net.URI uri = java.net.URI.create(pg.jdbcUrl().replaceFirst("^jdbc:", ""));
            TestServer server = new TestServer(uri.getHost(), uri.getPort(), pg.user(), pg.password(), "embedded in " + dir);
            // Nothing of the run stays in the temp dir: the server's binaries and data are about 80 MB.
            server.stop = () -> {
                try {
                    pg.close();
                } finally {
                    deleteTree(parent);
                }
            };
            return server;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no PostgreSQL for the tests, and no temp dir for the embedded one", e);
        }
    }

    /** Deletes a directory and everything in it, as far as it can (the server's files are nobody's as root). */
    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("[ctl tests] could not delete " + root + ": " + e.getMessage());
        }
    }

    private static boolean answers(String host, int port, String user, String password) {
        try (Connection ignored = connect("jdbc:postgresql://" + host + ":" + port + "/postgres", user, password)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    static Connection connect(String url, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(url, p);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** A postgres:// URL as an operator would write it. */
    public String url(String database) {
        return "postgres://" + user + (password == null ? "" : ":" + password) + "@" + host + ":" + port + "/" + database;
    }

    private void createTemplate() {
        execute("create database " + template);
        Flyway.configure()
                .dataSource(jdbcUrl(template), user, password)
                .locations("filesystem:" + Path.of(System.getProperty("ctl.home", ".")).resolve("migrations"))
                .load()
                .migrate();
    }

    /** A fresh, migrated database; drop it with {@link TestDatabase#drop()}. */
    public TestDatabase createDatabase(String label) {
        String name = "ctl_t_" + label.toLowerCase().replaceAll("[^a-z0-9]", "").replaceAll("(.{0,30}).*", "$1")
                + "_" + UUID.randomUUID().toString().substring(0, 8);
        execute("create database " + name + " template " + template);
        return new TestDatabase(this, name);
    }

    /** An empty database with no schema at all. */
    public TestDatabase createEmptyDatabase(String label) {
        String name = "ctl_t_" + label.toLowerCase().replaceAll("[^a-z0-9]", "") + "_" + UUID.randomUUID().toString().substring(0, 8);
        execute("create database " + name);
        return new TestDatabase(this, name);
    }

    void execute(String sql) {
        try (Connection c = connect(jdbcUrl("postgres"), user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

}
