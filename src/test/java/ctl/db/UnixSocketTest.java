package ctl.db;

import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.OsUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Unix-domain sockets, libpq's way (issue 13): the URL forms name the socket, and run as the
 * `postgres` OS user ctl reaches the machine's own PostgreSQL over its socket with peer
 * authentication, as Debian's PostgreSQL and the Mastodon and Pleroma guides set it up (that
 * needs root, to become postgres, and the machine's socket; skipped without them).
 */
class UnixSocketTest extends CtlTest {
    private static final Path SOCKET = Path.of("/var/run/postgresql/.s.PGSQL.5432");
    private Path classpath;
    /**
     * The database on the server behind {@link #SOCKET}, made by the postgres OS user: not the
     * test server's, which may be another (the embedded fallback when 127.0.0.1:5432 is out of
     * reach while the socket is not, as in a private network namespace).
     */
    private String socketDb;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "postgres:///app                                        | /var/run/postgresql/.s.PGSQL.5432, database app",
            "postgres://me@%2Fvar%2Frun%2Fpostgresql/app            | /var/run/postgresql/.s.PGSQL.5432, database app",
            "postgres://me@%2Fsrv%2Fpg:5433/app                     | /srv/pg/.s.PGSQL.5433, database app",
            "postgresql:///app?host=/var/run/postgresql&sslmode=disable | /var/run/postgresql/.s.PGSQL.5432, database app",
            "postgres://me@/app?host=%2Fsrv%2Fpg&port=6432          | /srv/pg/.s.PGSQL.6432, database app",
    })
    void socketUrlsNameTheSocketAndTheDatabase(String url, String described) {
        var c = DatabaseConfig.parseUrl(url);
        assertEquals(described, DatabaseConfig.describe(c.jdbcUrl()));
        assertTrue(c.jdbcUrl().contains("socketFactory=org.newsclub.net.unix.AFUNIXSocketFactory%24FactoryArg"), c.jdbcUrl());
    }

    @Test
    void aHostNameStaysTcp() {
        assertEquals("db.example:5432/app", DatabaseConfig.describe(DatabaseConfig.parseUrl("postgres://me@db.example/app").jdbcUrl()));
    }

    /** The process runs as `postgres`, who cannot read root's Maven repository: the classpath is copied. */
    @BeforeAll
    void classpathPostgresCanRead() throws Exception {
        classpath = Files.createTempDirectory("ctl-socket-test");
        Files.setPosixFilePermissions(classpath, PosixFilePermissions.fromString("rwxr-xr-x"));
        String entries = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int n = 0;
        for (String entry : entries.split(java.io.File.pathSeparator)) {
            Path from = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(from)) {
                Files.copy(from, classpath.resolve((n++) + "-" + from.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            } else if (Files.isDirectory(from) && from.endsWith("classes")) {
                copyTree(from, classpath.resolve("classes"));
            }
        }
        try (Stream<Path> all = Files.walk(classpath)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        if (Files.exists(SOCKET) && OsUser.isRoot()) { // becoming postgres takes root
            socketDb = "ctl_t_socket_" + java.util.UUID.randomUUID().toString().substring(0, 8);
            asPostgres("createdb", socketDb);
            Map<String, String> env = Map.of("DATABASE_URL", "postgres:///" + socketDb);
            assertEquals(0, runAsPostgres(env, "migrate", "-q").code);
            assertEquals(0, runAsPostgres(env, "user", "new", "alice", "alice@example.com", "-q").code);
        }
    }

    private static void asPostgres(String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"));
        argv.addAll(List.of(command));
        Process p = new ProcessBuilder(argv).directory(new java.io.File("/")).inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command));
    }

    @AfterAll
    void removeTheCopy() throws Exception {
        if (socketDb != null) {
            asPostgres("dropdb", "--force", socketDb);
        }
        if (classpath != null) {
            try (Stream<Path> all = Files.walk(classpath)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "DATABASE_URL | postgres:///DB",
            "DATABASE_URL | postgres://postgres@%2Fvar%2Frun%2Fpostgresql/DB",
            "DATABASE_URL | postgres:///DB?host=/var/run/postgresql",
            "PGHOST       | /var/run/postgresql",
    })
    void asThePostgresOsUserItReachesTheServerOverItsSocketWithPeerAuthentication(String variable, String value)
            throws Exception {
        assumeTrue(Files.exists(SOCKET), "the machine's PostgreSQL socket is " + SOCKET);
        assumeTrue(OsUser.isRoot(), "only root can run ctl as the postgres OS user");
        Map<String, String> env = variable.equals("PGHOST")
                ? Map.of("PGHOST", value, "PGDATABASE", socketDb) : Map.of(variable, value.replace("DB", socketDb));
        var r = runAsPostgres(env, "user", "list", "--format", "csv", "--fields", "nickname");
        assertEquals(0, r.code, r.err);
        assertEquals("nickname\r\nalice\r\n", r.out);
    }

    @Test
    void aSocketThatIsNotThereExits6NamingIt() {
        var r = expect(6, new CtlRun().env("DATABASE_URL", "postgres:///" + db.name + "?host=/nonexistent").run("user", "list"));
        assertTrue(r.err().startsWith("ctl: cannot connect to the database at /nonexistent/.s.PGSQL.5432, database "
                + db.name + ": "), r::toString);
    }

    private record Ran(int code, String out, String err) {}

    private Ran runAsPostgres(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups",
                ProcessHandle.current().info().command().orElse("java"), "-Dorg.jooq.no-logo=true",
                "-XX:-UsePerfData", // no /tmp/hsperfdata_postgres left behind
                "-cp", classpath.resolve("classes") + java.io.File.pathSeparator + classpath + "/*", "ctl.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(classpath.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("HOME", "/var/lib/postgresql");
        pb.environment().putAll(env);
        Process p = pb.start();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Ran(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
