package ctl.db.embedded;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static ctl.db.embedded.EmbeddedFixture.assertNoServer;
import static ctl.db.embedded.EmbeddedFixture.child;
import static ctl.db.embedded.EmbeddedFixture.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A first start killed with kill -9 of its whole process group, at each step of it, leaves
 * either nothing or a whole cluster with ctl's settings: the next start works.
 */
class EmbeddedFirstStartCrashTest {
    @TempDir Path tmp;

    @BeforeEach
    void open() throws Exception {
        EmbeddedFixture.openToTheServerUser(tmp);
    }

    @ParameterizedTest(name = "killed {0}")
    @ValueSource(strings = {"while initdb runs", "initdb-done", "cluster-ready", "server-started"})
    void theNextStartWorksAndLeavesNothingRunning(String when) throws Exception {
        Path dir = tmp.resolve("ctl");
        Process first;
        if (when.equals("while initdb runs")) {
            first = child(dir, "hold", "0");
            assertTrue(waitForInitdbToBeHalfway(dir, first), "initdb started");
        } else {
            first = child(dir, Map.of(), List.of("-Dctl.embedded.pause=" + when), "hold", "0");
            assertTrue(EmbeddedFixture.awaitLine(first.getErrorStream(), "ctl: paused at " + when, 90),
                    "the first start reached " + when);
        }
        EmbeddedFixture.killGroup(first);

        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir); Connection c = connect(pg);
             var rs = c.createStatement().executeQuery(
                     "select 1, current_setting('listen_addresses'), current_setting('unix_socket_directories')")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
            assertEquals("127.0.0.1", rs.getString(2), "ctl's settings are in force");
            assertEquals("", rs.getString(3), "no Unix socket, in /tmp or anywhere");
        }
        assertNoServer(dir);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
                    "the crashed run's temporary files were cleaned up");
        }
    }

    /** True once initdb has written part of a cluster (its version file comes first), wherever it writes it. */
    private static boolean waitForInitdbToBeHalfway(Path dir, Process child) throws Exception {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline && child.isAlive()) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    if (files.anyMatch(p -> Files.exists(p.resolve("PG_VERSION")) && Files.exists(p.resolve("global")))) {
                        return true;
                    }
                } catch (java.io.IOException | java.io.UncheckedIOException raced) {
                    // a temporary directory came or went while listing: look again
                }
            }
            Thread.sleep(5);
        }
        return false;
    }
}
