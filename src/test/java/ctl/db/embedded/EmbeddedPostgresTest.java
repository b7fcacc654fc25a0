package ctl.db.embedded;

import ctl.base.CtlException;
import ctl.testing.OsUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static ctl.db.embedded.EmbeddedFixture.assertNoServer;
import static ctl.db.embedded.EmbeddedFixture.child;
import static ctl.db.embedded.EmbeddedFixture.connect;
import static ctl.db.embedded.EmbeddedFixture.pidFile;
import static ctl.db.embedded.EmbeddedFixture.postmasterPid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded default, as real processes, whoever runs the tests; what is root's own is in
 * {@link EmbeddedAsRootTest}, and the tests here that need root say so and skip elsewhere.
 */
class EmbeddedPostgresTest {
    @TempDir Path tmp;

    @BeforeEach
    void open() throws Exception {
        EmbeddedFixture.openToTheServerUser(tmp);
    }

    @Test
    void startsUnderAnUnprivilegedUserAndLeavesNoServerBehind() throws Exception {
        Path dir = tmp.resolve("ctl");
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir);
             Connection c = connect(pg);
             var rs = c.createStatement().executeQuery("select current_database(), version()")) {
            rs.next();
            assertEquals("ctl", rs.getString(1));
            assertTrue(rs.getString(2).startsWith("PostgreSQL 17"), rs.getString(2));
            assertTrue(pg.jdbcUrl().startsWith("jdbc:postgresql://127.0.0.1:"));
            long pid = postmasterPid(dir);
            String owner = Files.getOwner(Path.of("/proc/" + pid)).getName();
            assertNotEquals("root", owner, "the postmaster runs unprivileged (as nobody when ctl runs as root)");
        }
        assertNoServer(dir);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("password"))));
    }

    @Test
    void theEnvironmentOfTheServerIsFixed() {
        assertEquals(Map.of("PATH", "/usr/bin:/bin", "LANG", "C", "LC_ALL", "C"), EmbeddedPostgres.serverEnvironment());
    }

    @Test
    void rootsDefaultDataDirIsVarLibCtl() {
        assertEquals(Path.of("/var/lib/ctl"), EmbeddedPostgres.defaultDataDir(Map.of("HOME", "/root"), true));
        assertEquals(Path.of("/srv/ctl"), EmbeddedPostgres.defaultDataDir(Map.of("HOME", "/root", "CTL_DATA_DIR", "/srv/ctl"), true));
        assertEquals(Path.of("/x/ctl"), EmbeddedPostgres.defaultDataDir(Map.of("HOME", "/root", "XDG_DATA_HOME", "/x"), true));
    }

    @Test
    void dataIsKeptBetweenRuns() throws Exception {
        Path dir = tmp.resolve("kept");
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir); Connection c = connect(pg)) {
            c.createStatement().execute("create table kept (x int); insert into kept values (42)");
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir); Connection c = connect(pg);
             var rs = c.createStatement().executeQuery("select x from kept")) {
            rs.next();
            assertEquals(42, rs.getInt(1));
        }
        assertNoServer(dir);
    }

    @Test
    void aServerLeftByACrashedRunIsReusedAndThenStopped() throws Exception {
        Path dir = tmp.resolve("crash");
        var child = child(dir, "crash");
        assertEquals(9, child.waitFor());
        long orphan = postmasterPid(dir);
        assertTrue(ProcessHandle.of(orphan).isPresent(), "the crashed run left its server running");
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir); Connection c = connect(pg)) {
            assertEquals(orphan, postmasterPid(dir), "the running server was shared, not replaced");
        }
        assertNoServer(dir);
    }

    @Test
    void aStalePidFileAfterAKilledServerIsRecovered() throws Exception {
        Path dir = tmp.resolve("stale");
        assertEquals(9, child(dir, "crash").waitFor());
        long pid = postmasterPid(dir);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        assertTrue(Files.exists(pidFile(dir)), "kill -9 leaves postmaster.pid behind");
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir); Connection c = connect(pg)) {
            assertTrue(c.isValid(2));
        }
        assertNoServer(dir);
    }

    @Test
    void aPidFileNamingSomeOtherLiveProcessIsRecovered() throws Exception {
        Path dir = tmp.resolve("reused-pid");
        EmbeddedPostgres.start(dir).close();
        List<String> fake = List.of(String.valueOf(ProcessHandle.current().pid()), dir + "/data", "0", "1", "", "", "", "");
        Files.write(pidFile(dir), fake, StandardCharsets.UTF_8);
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir); Connection c = connect(pg)) {
            assertTrue(c.isValid(2));
        }
        assertNoServer(dir);
    }

    @Test
    void aPidFileNamingALiveUnrelatedProcessNeverGetsItSignalled() throws Exception {
        Path dir = tmp.resolve("sleep-pid");
        EmbeddedPostgres.start(dir).close();
        Process sleep = new ProcessBuilder("sleep", "600").start();
        try {
            plantPidFile(dir, sleep.pid());
            try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir); Connection c = connect(pg)) {
                assertTrue(c.isValid(2));
            }
            assertTrue(sleep.isAlive(), "the process named by the stale pid file was left alone");
            assertNoServer(dir);
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void asRootAPidFileNamingAnotherClustersPostgresOfNobodyNeverGetsItSignalled() throws Exception {
        assumeTrue(OsUser.isRoot(), "the server runs as nobody, and only root can start a process as nobody");
        Path dir = tmp.resolve("other-postgres-pid");
        EmbeddedPostgres.start(dir).close();
        // What a looser check takes for ours: a process called postgres, run by the server's user, of another
        // data directory. pg_ctl stop, which signals whatever pid the file names, could kill it.
        Process other = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "bash", "-c", "exec -a '" + dir + "/pg/bin/postgres -D /var/lib/other' sleep 600").start();
        try {
            plantPidFile(dir, other.pid());
            try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir); Connection c = connect(pg)) {
                assertTrue(c.isValid(2));
                assertTrue(postmasterPid(dir) != other.pid(), "a server of its own was started");
            }
            assertTrue(other.isAlive(), "the other postgres was never signalled");
        } finally {
            other.destroyForcibly();
            other.waitFor();
        }
        assertNoServer(dir);
    }

    /** A pid file as a crashed postmaster of dir would leave it, naming pid. */
    private static void plantPidFile(Path dir, long pid) throws Exception {
        List<String> lines = List.of(String.valueOf(pid), dir + "/data", String.valueOf(System.currentTimeMillis() / 1000),
                "5432", "", "127.0.0.1", "  1234567     98304", "ready   ");
        Files.write(pidFile(dir), lines, StandardCharsets.UTF_8);
    }

    @Test
    void twoProcessesAtOnceBothSucceedAndNothingIsLeftRunning() throws Exception {
        Path dir = tmp.resolve("shared");
        EmbeddedPostgres.start(dir).close(); // initialise first, so both children race on start
        Process a = child(dir, "hold", "1500");
        Process b = child(dir, "hold", "300");
        assertTrue(a.waitFor(60, TimeUnit.SECONDS) && b.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, a.exitValue(), new String(a.getErrorStream().readAllBytes()));
        assertEquals(0, b.exitValue(), new String(b.getErrorStream().readAllBytes()));
        assertNoServer(dir);
    }

    @Test
    void oneProcessMayOpenItTwice() throws Exception {
        Path dir = tmp.resolve("twice");
        try (EmbeddedPostgres first = EmbeddedPostgres.start(dir)) {
            try (EmbeddedPostgres second = EmbeddedPostgres.start(dir); Connection c = connect(second)) {
                assertEquals(first.jdbcUrl(), second.jdbcUrl());
            }
            try (Connection c = connect(first)) {
                assertTrue(c.isValid(2), "closing the second handle left the first one's server up");
            }
        }
        assertNoServer(dir);
    }

    @Test
    void aDataDirThatCannotBeCreatedExits6NamingIt() throws Exception {
        Path file = tmp.resolve("not-a-dir");
        Files.writeString(file, "x");
        CtlException e = assertThrows(CtlException.class, () -> EmbeddedPostgres.start(file.resolve("ctl")));
        assertEquals(6, e.exitCode());
        assertTrue(e.getMessage().startsWith("the embedded database could not start in " + file.resolve("ctl")), e.getMessage());
    }
}
