package ctl.db;

import ctl.testing.CtlTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11: a task that only reads has its connection opened on another thread while jOOQ
 * warms up. That changes nothing an operator sees: its own checks still come first, and a
 * connection it never used is closed.
 */
class ConnectionAheadTest extends CtlTest {
    @Test
    void aReadTaskWhoseOwnCheckFailsSaysSoEvenWithNoDatabaseToReach() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var r = expect(2, ctl().env("DATABASE_URL", "postgres://app@127.0.0.1:" + port + "/app").run("user", "list", "--page", "2"));
        assertEquals("ctl: --page needs --limit\n", r.err());
    }

    @Test
    void theConnectionOpenedAheadIsClosedWhenTheTaskNeverUsesIt() throws InterruptedException {
        expect(2, ctl("user", "list", "--page", "2"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        int sessions;
        while ((sessions = sessions()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, sessions, "a session of the run is still open");
    }

    private int sessions() {
        return sql().fetchOne("select count(*) from pg_stat_activity where datname = current_database() "
                + "and application_name = 'ctl user list'").get(0, Integer.class);
    }
}
