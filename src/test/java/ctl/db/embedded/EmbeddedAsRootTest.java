package ctl.db.embedded;

import ctl.base.CtlException;
import ctl.testing.OsUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static ctl.db.embedded.EmbeddedFixture.assertNoServer;
import static ctl.db.embedded.EmbeddedFixture.child;
import static ctl.db.embedded.EmbeddedFixture.postmasterPid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded database when ctl runs as root (as here and in CI): its server runs as nobody,
 * holds no capabilities and sees none of the caller's environment. Skipped unless the tests run
 * as root.
 */
class EmbeddedAsRootTest {
    @TempDir Path tmp;

    @BeforeEach
    void asRoot() throws Exception {
        assumeTrue(OsUser.isRoot(), "these tests are about running as root");
        EmbeddedFixture.openToTheServerUser(tmp);
    }

    @Test
    void theServerStartedByRootHasNoCapabilitiesAndAMinimalEnvironment() throws Exception {
        Path dir = tmp.resolve("ctl");
        Process run = child(dir, Map.of("AWS_SECRET_ACCESS_KEY", "x", "PGPASSWORD", "y", "PGOPTIONS", "-c fsync=off",
                "LD_PRELOAD", "", "CTL_SECRET", "z"), List.of(), "hold", "30000");
        try {
            assertTrue(EmbeddedFixture.awaitLine(run.getInputStream(), "started", 90), "the child started");
            long pid = postmasterPid(dir);
            assertEquals("nobody", Files.getOwner(Path.of("/proc/" + pid)).getName());

            Map<String, String> status = status(pid);
            for (String set : List.of("CapInh", "CapPrm", "CapEff", "CapAmb", "CapBnd")) {
                assertEquals("0000000000000000", status.get(set), set + " of the postmaster");
            }
            assertEquals("1", status.get("NoNewPrivs"), "it can never regain privileges through exec");
            assertEquals("", status.get("Groups"), "no supplementary groups of root's");

            Map<String, String> environ = new java.util.TreeMap<>();
            for (String entry : Files.readString(Path.of("/proc/" + pid + "/environ")).split("\0")) {
                environ.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
            }
            // Ours, plus what pg_ctl adds itself (PGDATA, PGSYSCONFDIR, PG_GRANDPARENT_PID) and its /bin/sh (PWD).
            assertEquals(new TreeSet<>(Set.of("LANG", "LC_ALL", "PATH", "PGDATA", "PGSYSCONFDIR", "PG_GRANDPARENT_PID", "PWD")),
                    environ.keySet(), "the postmaster's environment: " + environ);
            assertEquals("/usr/bin:/bin", environ.get("PATH"));
            assertEquals(dir.resolve("data").toString(), environ.get("PGDATA"));
        } finally {
            run.destroy();
            assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        }
        assertNoServer(dir);
    }

    @Test
    void theServerRunsAsNobodyAndItsDirectoryIsOpenOnlyToNobodysGroup() throws Exception {
        Path dir = tmp.resolve("ctl");
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir)) {
            assertEquals("nobody", Files.getOwner(Path.of("/proc/" + postmasterPid(dir))).getName(),
                    "the postmaster runs as nobody");
        }
        assertNoServer(dir);
        // the server user's group may pass through to data/ and the log, and nothing more
        assertEquals("rwx--x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("nogroup", Files.readAttributes(dir, java.nio.file.attribute.PosixFileAttributes.class).group().getName());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("password"))));
    }

    @Test
    void aDataDirTheServerUserCannotReachExits6SayingWhyInsteadOfGrantingACapability() throws Exception {
        Path parent = tmp.resolve("private");
        Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path dir = parent.resolve("deep/ctl");
        CtlException e = assertThrows(CtlException.class, () -> EmbeddedPostgres.start(dir));
        assertEquals(6, e.exitCode());
        assertEquals("the embedded database cannot run in " + dir + ": as root its server runs as nobody, which cannot"
                + " reach that directory; make the directories above it searchable (chmod o+x) or set CTL_DATA_DIR"
                + " (default for root: /var/lib/ctl)", e.getMessage());
        assertNoServer(dir);
    }

    @Test
    void inAUserNamespaceOfRootAloneItExits6SayingWhyBeforeTouchingAnything() throws Exception {
        // `unshare -r` maps root alone: PostgreSQL refuses root, and there is no nobody to run it as.
        Path dir = tmp.resolve("ctl");
        Process run = new ProcessBuilder("unshare", "--map-root-user",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbeddedChild.class.getName(), dir.toString(), "hold", "0")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(run.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assumeTrue(!err.startsWith("unshare: "), "user namespaces are available: " + err);
        assertTrue(run.exitValue() != 0, err);
        assertTrue(err.contains("the embedded database cannot start: ctl runs as root in a user namespace where no other "
                + "user exists (such as `unshare -r`), and PostgreSQL refuses to run as root;"), err);
        assertTrue(!Files.exists(dir), "nothing was made");
    }

    private static Map<String, String> status(long pid) throws Exception {
        Map<String, String> status = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            String[] kv = line.split(":\\s*", 2);
            status.put(kv[0], kv.length > 1 ? kv[1].trim() : "");
        }
        return status;
    }
}
