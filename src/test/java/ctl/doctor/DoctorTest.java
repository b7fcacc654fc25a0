package ctl.doctor;

import ctl.db.Schema;
import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.TestDatabase;
import ctl.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final List<String> CHECKS = List.of("database", "connection", "transport", "server version", "schema",
            "writable", "audit log", "privileges", "session settings", "archive");

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
            var r = expect(8, new CtlRun().env("DATABASE_URL", behind.url()).run("doctor"));
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
        var r = expect(6, new CtlRun().run("doctor", "--database-url", "postgres://app:S3cretPW@127.0.0.1:" + port + "/app"));
        assertEquals("ok    database          --database-url: 127.0.0.1:" + port + "/app, user app", line(r, "database"));
        assertTrue(line(r, "connection").startsWith("FAIL  connection        cannot connect to the database at 127.0.0.1:"
                + port + "/app: connection refused"), r::toString);
        assertTrue(line(r, "secrets").startsWith("warn  secrets           a password in --database-url is visible in "
                + "the process list"), r::toString);
        assertEquals(4, r.out().lines().count(), "nothing more to check without a connection but the launcher's archive\n" + r);
        assertTrue(line(r, "archive").startsWith("ok"), r::toString);
        assertTrue(r.err().endsWith("ctl: 1 of 4 checks failed: connection\n"), r::toString);
        assertFalse(r.toString().contains("S3cretPW"), r::toString);
    }

    @Test
    void aReadOnlyDatabaseIsExit6() {
        TestDatabase standby = TestServer.get().createDatabase("DoctorReadOnly");
        try {
            standby.sql().execute("alter database " + standby.name + " set default_transaction_read_only = on");
            var r = expect(6, new CtlRun().env("DATABASE_URL", standby.url()).run("doctor"));
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
            var r = expect(1, new CtlRun().env("DATABASE_URL", url).run("doctor"));
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
            var r = expect(0, new CtlRun().run("doctor", "--config", config.toString()));
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
        assertEquals("warn  schema            at version 0: the next task migrates the embedded database to "
                + Schema.VERSION, line(r, "schema"));
        assertTrue(detail(line(r, "transport")).startsWith("TCP to 127.0.0.1:"), r::toString);
        expect(0, embedded.run("user", "list", "--embedded", "-q"));
        r = expect(0, embedded.run("doctor", "--embedded", "-q"));
        assertTrue(line(r, "schema").startsWith("ok"), r::toString);
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
        var r = expect(2, new CtlRun().env("DATABASE_URL", "mysql://u:S3cretPW@h/db").run("doctor"));
        assertTrue(line(r, "database").startsWith("FAIL  database          invalid database URL"), r::toString);
        assertFalse(r.toString().contains("S3cretPW"), r::toString);
    }
}
