package ctl.doctor;

import ctl.db.Schema;
import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.TestDatabase;
import ctl.testing.OsUser;
import ctl.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ctl doctor}: one line per check on stdout, exit 0 when all pass, else the code of the
 * first that failed (README); it writes nothing, and never shows a password.
 */
class DoctorTest extends CtlTest {
    private static final List<String> CHECKS = List.of("database", "embedded", "connection", "transport", "pooler",
            "server version", "schema", "writable", "audit log", "privileges", "session settings", "archive");
    /**
     * The embedded database's directory of every run here, unless a test makes one: as root the
     * default is the machine's /var/lib/ctl, whose state is no business of these tests.
     */
    private static final String NO_DATA_DIR = "/nonexistent/ctl-doctor-test";

    @Override
    protected CtlRun ctl() {
        return super.ctl().env("CTL_DATA_DIR", NO_DATA_DIR);
    }

    private static CtlRun bare() {
        return new CtlRun().env("CTL_DATA_DIR", NO_DATA_DIR);
    }

    /** The line of one check: "ok    schema            at version 7, …". */
    private static String line(CtlRun.Result r, String check) {
        return r.out().lines().filter(l -> l.substring(6).startsWith(check + "  ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + check + "\n" + r));
    }

    private static String detail(String line) {
        return line.substring(24);
    }

    @Test
    void onAHealthyDatabaseEveryCheckIsOkAndItExits0() {
        String before = db.snapshot();
        var r = expect(0, ctl("doctor"));
        assertEquals(CHECKS.size(), r.out().lines().count(), r::toString);
        for (String check : CHECKS) {
            assertTrue(line(r, check).startsWith("ok    "), r::toString);
        }
        assertEquals("DATABASE_URL: " + db.url().replaceFirst("^.*@", "") + ", user " + db.server().url("x")
                .replaceFirst("^postgres://([^:@]*).*", "$1"), detail(line(r, "database")), r::toString);
        assertEquals("at version " + Schema.VERSION + ", as this ctl needs", detail(line(r, "schema")));
        assertTrue(detail(line(r, "transport")).startsWith("TCP to "), r::toString);
        assertTrue(detail(line(r, "server version")).startsWith("PostgreSQL "), r::toString);
        assertEquals("not used (DATABASE_URL wins)", detail(line(r, "embedded")));
        assertTrue(detail(line(r, "pooler")).matches("direct to the server \\(backend pid \\d+ stays with this session\\)"),
                r::toString);
        assertTrue(detail(line(r, "archive")).startsWith("not started by bin/ctl"), "in-process, no launcher\n" + r);
        assertEquals("", r.err(), r::toString);
        assertEquals(before, db.snapshot(), "doctor wrote nothing, not even an audit entry");
    }

    @Test
    void jsonIsAnArrayOfCheckOkStatusAndDetail() {
        var r = expect(0, ctl("doctor", "--json"));
        List<Map<String, Object>> checks = Json.array(r.out());
        assertEquals(CHECKS, checks.stream().map(c -> c.get("check")).toList());
        for (Map<String, Object> c : checks) {
            assertEquals(List.of("check", "ok", "status", "detail"), List.copyOf(c.keySet()));
            assertEquals(true, c.get("ok"));
            assertEquals("ok", c.get("status"));
        }
    }

    @Test
    void theSessionSettingsShownAreTheConfiguredOnes() {
        var r = expect(0, ctl().env("CTL_LOCK_TIMEOUT", "1500ms").env("CTL_STATEMENT_TIMEOUT", "2min").run("doctor"));
        assertEquals("lock_timeout 1500ms and statement_timeout 2min hold in ctl's transactions",
                detail(line(r, "session settings")));
    }

    @Test
    void behindInMigrationsItExits8SayingRunMigrate() {
        TestDatabase behind = TestServer.get().createDatabase("DoctorBehind");
        try {
            behind.sql().execute("delete from flyway_schema_history where version::int > 5");
            var r = expect(8, bare().env("DATABASE_URL", behind.url()).run("doctor"));
            assertEquals("FAIL  schema            database schema is at 5, this ctl needs " + Schema.VERSION
                    + ": run `ctl migrate`", line(r, "schema"));
            assertTrue(line(r, "session settings").startsWith("ok"), "the other checks still ran\n" + r);
            assertEquals("ctl: 1 of " + CHECKS.size() + " checks failed: schema\n", r.err());
        } finally {
            behind.drop();
        }
    }

    @Test
    void anUnreachableDatabaseIsExit6AndNeverShowsThePassword() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var r = expect(6, bare().run("doctor", "--database-url", "postgres://app:S3cretPW@127.0.0.1:" + port + "/app"));
        assertEquals("ok    database          --database-url: 127.0.0.1:" + port + "/app, user app", line(r, "database"));
        assertTrue(line(r, "connection").startsWith("FAIL  connection        cannot connect to the database at 127.0.0.1:"
                + port + "/app: connection refused"), r::toString);
        assertTrue(line(r, "secrets").startsWith("warn  secrets           a password in --database-url is visible in "
                + "the process list"), r::toString);
        assertEquals(5, r.out().lines().count(), "nothing more to check without a connection but the launcher's archive\n" + r);
        assertTrue(line(r, "archive").startsWith("ok"), r::toString);
        assertTrue(r.err().endsWith("ctl: 1 of 5 checks failed: connection\n"), r::toString);
        assertFalse(r.toString().contains("S3cretPW"), r::toString);
    }

    @Test
    void aReadOnlyDatabaseIsExit6() {
        TestDatabase standby = TestServer.get().createDatabase("DoctorReadOnly");
        try {
            standby.sql().execute("alter database " + standby.name + " set default_transaction_read_only = on");
            var r = expect(6, bare().env("DATABASE_URL", standby.url()).run("doctor"));
            assertTrue(line(r, "writable").startsWith("FAIL  writable          the database is read-only"), r::toString);
            assertTrue(line(r, "schema").startsWith("ok"), r::toString);
        } finally {
            standby.drop();
        }
    }

    @Test
    void aUserWhoMayOnlyReadFailsTheAuditLogAndPrivilegeChecksWithExit1() {
        String role = "ctl_doctor_" + UUID.randomUUID().toString().substring(0, 8);
        sql().execute("create role " + role + " login password 'doctorpw1'");
        try {
            sql().execute("grant select on all tables in schema public to " + role);
            String url = db.url().replaceFirst("//[^@]*@", "//" + role + ":doctorpw1@");
            String before = db.snapshot();
            var r = expect(1, bare().env("DATABASE_URL", url).run("doctor"));
            assertEquals("FAIL  audit log         user " + role + " lacks INSERT, UPDATE on audit_log", line(r, "audit log"));
            assertTrue(line(r, "privileges").startsWith("FAIL  privileges        user " + role
                    + " lacks INSERT, UPDATE, DELETE on users, "), r::toString);
            assertTrue(line(r, "writable").startsWith("ok"), r::toString);
            assertEquals(before, db.snapshot());
        } finally {
            sql().execute("drop owned by " + role);
            sql().execute("drop role " + role);
        }
    }

    @Test
    void aDatabaseUrlInTheConfigFileIsNamedWithTheFile() throws IOException {
        Path config = Files.createTempFile("ctl-doctor", ".conf");
        try {
            Files.writeString(config, "database.url = " + db.url() + "\n");
            var r = expect(0, bare().run("doctor", "--config", config.toString()));
            assertTrue(line(r, "database").startsWith("ok    database          database.url in the config file "
                    + config + ": " + db.url().replaceFirst("^.*@", "")), r::toString);
        } finally {
            Files.delete(config);
        }
    }

    @Test
    void onTheEmbeddedDatabaseANewDataDirectoryIsOnlyAWarningAsTheNextTaskMigratesIt(@TempDir Path tmp) throws IOException {
        // As root the server runs as nobody, who must pass through JUnit's 0700 temp dir.
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        CtlRun embedded = new CtlRun().env("CTL_DATA_DIR", tmp.resolve("ctl").toString());
        var r = expect(0, embedded.run("doctor", "--embedded", "-q"));
        assertEquals("ok    database          the embedded database in " + tmp.resolve("ctl") + " (--embedded)",
                line(r, "database"));
        assertTrue(line(r, "embedded").startsWith("ok    embedded          " + tmp.resolve("ctl") + " does not exist yet: "
                + "connecting makes it (mode " + (OsUser.isRoot() ? "0710" : "0700") + ") and a PostgreSQL "), r::toString);
        assertTrue(line(r, "pooler").startsWith("ok    pooler            direct to the server"), r::toString);
        assertEquals("warn  schema            at version 0: the next task migrates the embedded database to "
                + Schema.VERSION, line(r, "schema"));
        assertTrue(detail(line(r, "transport")).startsWith("TCP to 127.0.0.1:"), r::toString);
        expect(0, embedded.run("user", "list", "--embedded", "-q"));
        r = expect(0, embedded.run("doctor", "--embedded", "-q"));
        assertTrue(line(r, "schema").startsWith("ok"), r::toString);
    }

    /** One embedded data directory, made once (initdb takes seconds), which each test leaves as it found it. */
    @TempDir static Path embeddedHome;
    private Path embeddedDir;

    private Path initialisedDataDir() throws IOException {
        if (embeddedDir == null) {
            // As root the server runs as nobody, who must pass through JUnit's 0700 temp dir.
            Files.setPosixFilePermissions(embeddedHome, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path dir = embeddedHome.resolve("ctl");
            expect(0, onEmbedded(dir).run("migrate", "--embedded", "-q"));
            embeddedDir = dir;
        }
        return embeddedDir;
    }

    private static CtlRun onEmbedded(Path dir) {
        return new CtlRun().env("CTL_DATA_DIR", dir.toString());
    }

    private static String mode(Path dir) throws IOException {
        return String.format("%04o", (Integer) Files.getAttribute(dir, "unix:mode") & 07777);
    }

    @Test
    void onAnInitialisedEmbeddedDatabaseItNamesItsVersionOwnerModeAndFreeSpaceBeforeConnecting() throws IOException {
        Path dir = initialisedDataDir();
        String before = mode(dir);
        var r = expect(0, onEmbedded(dir).run("doctor", "--embedded", "-q"));
        String major = ctl.base.Build.embeddedPostgresVersion().replaceFirst("\\..*", "");
        assertTrue(line(r, "embedded").matches("ok    embedded          " + java.util.regex.Pattern.quote(dir.toString())
                + ": a PostgreSQL " + major + " cluster, owner " + System.getProperty("user.name") + ", mode "
                + (OsUser.isRoot() ? "0710" : "0700") + ", no server running, [0-9.]+ [kMGT]B free"), r::toString);
        assertEquals(before, mode(dir), "doctor changed nothing");
        assertTrue(line(r, "schema").startsWith("ok"), r::toString);
    }

    @Test
    void anEmbeddedDataDirectoryOthersCanReadIsAWarningAndStillExits0() throws IOException {
        Path dir = initialisedDataDir();
        var was = Files.getPosixFilePermissions(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            var r = expect(0, onEmbedded(dir).run("doctor", "--embedded", "-q"));
            assertTrue(line(r, "embedded").startsWith("warn  embedded          " + dir + ": a PostgreSQL "), r::toString);
            assertTrue(line(r, "embedded").contains(", mode 0755, no server running, "), r::toString);
            assertTrue(line(r, "embedded").endsWith("; group or others can read or write it: chmod "
                    + (OsUser.isRoot() ? "710 " : "700 ") + dir), r::toString);
            assertEquals("", r.err(), "a warning is a pass\n" + r);
        } finally {
            Files.setPosixFilePermissions(dir, was);
        }
    }

    @Test
    void aStalePostmasterPidInTheEmbeddedDirectoryIsAWarningSeenBeforeConnectingClearsIt() throws IOException {
        Path dir = initialisedDataDir();
        Path pidFile = dir.resolve("data/postmaster.pid");
        // a crashed server's file, whose pid now names another process (this JVM): never a postgres of this cluster
        Files.write(pidFile, List.of(String.valueOf(ProcessHandle.current().pid()), dir + "/data", "0", "5432", "",
                "127.0.0.1", "  1234567     98304", "ready   "));
        var r = expect(0, onEmbedded(dir).run("doctor", "--embedded", "-q"));
        assertTrue(line(r, "embedded").startsWith("warn  embedded          " + dir + ": a PostgreSQL "), r::toString);
        assertTrue(line(r, "embedded").contains(", a stale postmaster.pid (pid " + ProcessHandle.current().pid()
                + " is not its server), "), r::toString);
        assertTrue(line(r, "embedded").endsWith("; its server died without stopping (a crash, a kill -9, a reboot); "
                + "the next run clears the pid file"), r::toString);
        assertTrue(line(r, "connection").startsWith("ok"), "connecting cleared it and started the server\n" + r);
        assertFalse(Files.exists(pidFile), "and the run stopped it at its end");
    }

    @Test
    void aServerRunningInTheEmbeddedDirectoryIsNamedWithItsPidAndPort() throws Exception {
        Path dir = initialisedDataDir();
        try (var running = ctl.db.embedded.EmbeddedPostgres.start(dir)) {
            long pid = Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).trim());
            String port = running.jdbcUrl().replaceFirst(".*:(\\d+)/.*", "$1");
            var r = expect(0, onEmbedded(dir).run("doctor", "--embedded", "-q"));
            assertTrue(line(r, "embedded").startsWith("ok    embedded          " + dir + ": a PostgreSQL "), r::toString);
            assertTrue(line(r, "embedded").contains(", a server running (pid " + pid + ", port " + port
                    + ", ready): another run's, or left by a killed one, "), r::toString);
        }
    }

    @Test
    void aDataDirectoryWithControlCharactersInItsNameIsShownEscapedOnOneLine(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("ctl\u001b[31mred\nline\u202e"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        var r = expect(0, ctl().env("CTL_DATA_DIR", dir.toString()).run("doctor"));
        assertEquals(CHECKS.size(), r.out().lines().count(), r::toString);
        assertFalse(r.out().contains("\u001b") || r.out().contains("\u202e"), r::toString);
        assertTrue(line(r, "embedded").startsWith("ok    embedded          not used (DATABASE_URL wins); " + tmp
                + "/ctl\\e[31mred\\nline\\u202e: no cluster yet (the next run makes one), owner "), r::toString);
        var json = Json.array(expect(0, ctl().env("CTL_DATA_DIR", dir.toString()).run("doctor", "--json")).out());
        assertTrue(json.stream().anyMatch(c -> c.get("check").equals("embedded")
                && ((String) c.get("detail")).contains(dir + ": ")), "JSON keeps the name exact");
    }

    @Test
    void aConfigFileOthersCanReadHoldingAPasswordIsAWarning() throws IOException {
        Path config = Files.createTempFile("ctl-doctor", ".conf");
        try {
            Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Files.writeString(config, "database.url = " + db.url().replaceFirst("//([^:@]*)(:[^@]*)?@", "//$1:S3cretPW@") + "\n");
            var r = ctl().env("CTL_CONFIG", config.toString()).run("doctor", "-q");
            assertEquals("warn  secrets           config file " + config + " holds a database password and group or "
                    + "others can read it: chmod 600 " + config, line(r, "secrets"));
            assertFalse(r.toString().contains("S3cretPW"), r::toString);
        } finally {
            Files.delete(config);
        }
    }

    @Test
    void aMalformedDatabaseUrlIsAFailedDatabaseCheckWithExit2() {
        var r = expect(2, bare().env("DATABASE_URL", "mysql://u:S3cretPW@h/db").run("doctor"));
        assertTrue(line(r, "database").startsWith("FAIL  database          invalid database URL"), r::toString);
        assertFalse(r.toString().contains("S3cretPW"), r::toString);
    }
}
