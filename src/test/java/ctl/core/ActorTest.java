package ctl.core;

import ctl.base.Environment;
import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.OsUser;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * SPEC §4.6: the audit actor is the OS user of the real uid; SUDO_USER counts only when the
 * real uid is 0 and SUDO_UID is that user's uid in /etc/passwd. The rules run everywhere on a
 * /proc/self/status and an /etc/passwd of the test's own; {@link AsRoot} runs the real process
 * as it is, and only when the tests run as root.
 */
class ActorTest extends CtlTest {
    @TempDir Path dir;

    private static Environment env(String... vars) {
        CtlRun run = new CtlRun();
        for (int i = 0; i < vars.length; i += 2) {
            run.env(vars[i], vars[i + 1]);
        }
        return run.environment();
    }

    private static String actor(String... vars) {
        return Actor.of(env(vars)).user();
    }

    // --- with a /proc/self/status and /etc/passwd of the test's own

    private Path status(long uid) throws IOException {
        return Files.writeString(dir.resolve("status"), "Name:\tjava\nUmask:\t0022\nState:\tR (running)\n"
                + "Uid:\t" + uid + "\t0\t0\t0\nGid:\t" + uid + "\t0\t0\t0\n");
    }

    private Path passwd() throws IOException {
        return Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                + "alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n"
                + "broken line\n");
    }

    @Test
    void theRealUidCountsNotTheEffectiveOne() throws IOException {
        // a setuid-root ctl run by alice: real 1000, effective 0
        assertEquals("alice", Actor.user(env(), status(1000), passwd()));
    }

    @Test
    void aNonRootRealUidIgnoresSudoUserEvenWhenItsUidAgrees() throws IOException {
        assertEquals("alice", Actor.user(env("SUDO_USER", "daemon", "SUDO_UID", "1"), status(1000), passwd()));
    }

    @Test
    void rootWithAnAgreeingSudoUidIsTheSudoUser() throws IOException {
        assertEquals("alice", Actor.user(env("SUDO_USER", "alice", "SUDO_UID", "1000"), status(0), passwd()));
        assertEquals("root", Actor.user(env("SUDO_USER", "alice", "SUDO_UID", "1"), status(0), passwd()));
    }

    @Test
    void withoutProcTheJavaUserNameIsTheFallback() throws IOException {
        assertEquals(System.getProperty("user.name"),
                Actor.user(env("SUDO_USER", "alice", "SUDO_UID", "1000"), dir.resolve("missing"), passwd()));
    }

    /** The real process's real uid is 0 here: what sudo leaves for a root ctl. Skipped unless the tests run as root. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AsRoot {
        private String daemonUid;

        @BeforeAll
        void asRoot() throws IOException {
            assumeTrue(OsUser.isRoot(), "the tests run as root");
            daemonUid = Files.readAllLines(Path.of("/etc/passwd")).stream()
                    .filter(l -> l.startsWith("daemon:")).map(l -> l.split(":")[2]).findFirst().orElseThrow();
        }

        @Test
        void withoutSudoItIsTheUserOfTheRealUid() {
            assertEquals("root", actor());
        }

        @Test
        void sudoUserWithoutSudoUidIsIgnored() {
            assertEquals("root", actor("SUDO_USER", "anyone"));
            assertEquals("root", actor("SUDO_USER", "daemon"));
        }

        @Test
        void sudoUserWithTheMatchingSudoUidIsTheActor() {
            assertEquals("daemon", actor("SUDO_USER", "daemon", "SUDO_UID", daemonUid));
        }

        @Test
        void sudoUserWhoseUidDisagreesIsIgnored() {
            assertEquals("root", actor("SUDO_USER", "daemon", "SUDO_UID", "4242"));
            assertEquals("root", actor("SUDO_USER", "nosuchuser", "SUDO_UID", daemonUid));
            assertEquals("root", actor("SUDO_USER", "daemon", "SUDO_UID", daemonUid + "x"));
        }

        @Test
        void aSudoUserThatIsNoValidUserNameIsIgnored() {
            assertEquals("root", actor("SUDO_USER", "daemon\nforged entry", "SUDO_UID", daemonUid));
            assertEquals("root", actor("SUDO_USER", "daemon\n", "SUDO_UID", daemonUid));
            assertEquals("root", actor("SUDO_USER", "dae\u001b[2Jmon", "SUDO_UID", daemonUid));
            assertEquals("root", actor("SUDO_USER", "x".repeat(40), "SUDO_UID", daemonUid));
        }

        // --- end to end: what the audit log records

        @Test
        void theAuditLogRecordsTheSudoUserOnlyWhenSudoUidAgrees() {
            Rows.reset(sql());
            expect(0, ctl().env("SUDO_USER", "daemon").env("SUDO_UID", daemonUid)
                    .run("user", "new", "alice", "alice@example.com"));
            expect(0, ctl().env("SUDO_USER", "daemon").run("user", "new", "bob", "bob@example.com"));
            expect(0, ctl().env("SUDO_USER", "mallory").env("SUDO_UID", daemonUid).run("user", "new", "carol", "carol@example.com"));
            Map<String, String> actors = new HashMap<>();
            sql().selectFrom(AUDIT_LOG).forEach(a -> actors.put(a.getTarget(), a.getActor()));
            assertEquals(Map.of("alice", "daemon", "bob", "root", "carol", "root"), actors);
        }
    }
}
