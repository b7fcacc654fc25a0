package ctl.db;

import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.FakePostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §2 and §5: a connection that cannot be made is exit 6 and one line on stderr that names
 * host:port/db and says what to check, one wording per cause; never the password. This
 * machine's server trusts 127.0.0.1, so a refused login comes from {@link FakePostgres}.
 */
class ConnectionErrorTest extends CtlTest {
    private static final String PASSWORD = "S3cretPW";

    private static CtlRun.Result listWith(String url) {
        return new CtlRun().env("DATABASE_URL", url).run("user", "list");
    }

    /** Exit 6, nothing on stdout, one line beginning with the place it tried, and no password. */
    private static CtlRun.Result unavailable(CtlRun.Result r, String place) {
        expect(6, r);
        assertEquals("", r.out(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("ctl: cannot connect to the database at " + place + ": "), r::toString);
        assertFalse(r.err().contains(PASSWORD), r::toString);
        return r;
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aPortNothingListensOnIsConnectionRefusedNamingHostAndPort() throws IOException {
        int port = unusedPort();
        var r = unavailable(listWith("postgres://app:" + PASSWORD + "@127.0.0.1:" + port + "/app"), "127.0.0.1:" + port + "/app");
        assertTrue(r.err().contains(": connection refused: nothing is listening on 127.0.0.1:" + port
                + "; is PostgreSQL running, and on that host and port?\n"), r::toString);
    }

    @Test
    void aHostNameThatDoesNotResolveIsUnknownHost() {
        var r = unavailable(listWith("postgres://app:" + PASSWORD + "@nosuchhost.invalid/app"), "nosuchhost.invalid:5432/app");
        assertTrue(r.err().endsWith(": unknown host nosuchhost.invalid: check the host name (its DNS lookup failed)\n"),
                r::toString);
    }

    @Test
    void aWrongPasswordIsAuthenticationFailedNamingTheUserNeverThePassword() {
        try (FakePostgres server = FakePostgres.refusingLogin("28P01", "password authentication failed for user \"bob\"")) {
            String place = "127.0.0.1:" + server.port + "/app";
            var r = unavailable(listWith("postgres://bob:" + PASSWORD + "@" + place), place);
            assertTrue(r.err().endsWith(": password authentication failed for user \"bob\": check the password "
                    + "(in the URL, PGPASSWORD, ~/.pgpass or the config file)\n"), r::toString);
            assertEquals(List.of(PASSWORD), server.passwordsSent, "the password was sent, and refused");
        }
    }

    @Test
    void noPgHbaEntryIsRefusedPointingAtPgHba() {
        String refusal = "no pg_hba.conf entry for host \"127.0.0.1\", user \"bob\", database \"app\", no encryption";
        try (FakePostgres server = FakePostgres.refusingLogin("28000", refusal)) {
            String place = "127.0.0.1:" + server.port + "/app";
            var r = unavailable(listWith("postgres://bob:" + PASSWORD + "@" + place), place);
            assertTrue(r.err().endsWith(": " + refusal + ": check the user name and the server's pg_hba.conf\n"), r::toString);
        }
    }

    @Test
    void aRoleThatDoesNotExistOnTheRealServerNamesIt() {
        String url = db.url().replaceFirst("//[^@]*@", "//ctl_no_such_role:" + PASSWORD + "@");
        var r = unavailable(listWith(url), url.replaceFirst("^.*@", ""));
        // A server that trusts the host says so; one that asks for a password does not tell a missing role apart.
        assertTrue(r.err().contains(": role \"ctl_no_such_role\" does not exist: check the user name and the server's pg_hba.conf\n")
                || r.err().contains(": password authentication failed for user \"ctl_no_such_role\": check the password"), r::toString);
    }

    @Test
    void aDatabaseThatDoesNotExistIsNamedWithWhatToRun() {
        String url = db.url().substring(0, db.url().lastIndexOf('/') + 1) + "ctl_no_such_database";
        String place = url.replaceFirst("^.*@", "");
        var r = unavailable(listWith(url), place);
        assertTrue(r.err().endsWith(": database \"ctl_no_such_database\" does not exist: create it "
                + "(createdb ctl_no_such_database) and run `ctl migrate`, or fix the database name\n"), r::toString);
    }

    @Test
    void sslmodeRequireAgainstAServerWithoutTlsSaysSo() {
        // The fake answers an SSLRequest as a server without ssl does ('N'), whatever the test server is.
        try (FakePostgres server = FakePostgres.refusingLogin("28P01", "unreachable")) {
            String place = "127.0.0.1:" + server.port + "/app";
            var r = unavailable(listWith("postgres://bob:" + PASSWORD + "@" + place + "?sslmode=require"), place);
            assertTrue(r.err().endsWith(": the server does not offer TLS and sslmode=require requires it: "
                    + "enable ssl on the server, or use sslmode=prefer\n"), r::toString);
            r = unavailable(listWith("jdbc:postgresql://" + place + "?ssl=true&user=bob&password=" + PASSWORD), place);
            assertTrue(r.err().endsWith(": the server does not offer TLS and ssl=true requires it: "
                    + "enable ssl on the server, or use sslmode=prefer\n"), r::toString);
            assertEquals(List.of(), server.passwordsSent, "nothing was sent in the clear");
        }
    }

    /** ctl gives up by itself and says after how long (the @Timeout only guards against a hang). */
    @Test
    @Timeout(60)
    void aServerThatNeverAnswersTimesOutNamingHostAndPort() {
        try (FakePostgres server = FakePostgres.silent()) {
            String place = "127.0.0.1:" + server.port + "/app";
            // loginTimeout in the URL shortens SPEC §5's 5 s for the test, as an operator may.
            var r = unavailable(listWith("postgres://bob:" + PASSWORD + "@" + place + "?loginTimeout=1"), place);
            assertTrue(r.err().endsWith(": no answer from 127.0.0.1:" + server.port + " within 1 s: check that it is "
                    + "the PostgreSQL server, and that no firewall drops the connection\n"), r::toString);
        }
    }
}
