package ctl.db;

import ctl.testing.CtlRun;
import ctl.testing.FakePostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 11: on the loopback interface ctl does not ask the server for TLS first (pgjdbc's
 * default, sslmode=prefer, would: a round trip for nothing), unless the user gave an sslmode,
 * which is always honoured. Any other host keeps pgjdbc's default. Seen from a fake server
 * that counts SSLRequests and then refuses the login (exit 6), after the password came.
 */
class LoopbackTlsTest {
    private static int tlsRequests(String url, String... env) {
        try (FakePostgres server = FakePostgres.refusingLogin("28P01", "password authentication failed for user \"bob\"")) {
            CtlRun run = new CtlRun();
            if (url != null) {
                run.env("DATABASE_URL", url.replace("PORT", String.valueOf(server.port)));
            }
            for (int i = 0; i < env.length; i += 2) {
                run.env(env[i], env[i + 1].replace("PORT", String.valueOf(server.port)));
            }
            var r = run.run("user", "show", "alice");
            assertEquals(6, r.code(), r::toString);
            assertEquals(List.of("pw"), server.passwordsSent, r::toString);
            return server.tlsRequests.get();
        }
    }

    @Test
    void noTlsIsAskedForOnLoopback() {
        assertEquals(0, tlsRequests("postgres://bob:pw@127.0.0.1:PORT/app"));
        assertEquals(0, tlsRequests("postgres://bob:pw@localhost:PORT/app"));
        assertEquals(0, tlsRequests("jdbc:postgresql://127.0.0.1:PORT/app?user=bob&password=pw"));
        assertEquals(0, tlsRequests(null, "PGHOST", "127.0.0.1", "PGPORT", "PORT", "PGUSER", "bob", "PGPASSWORD", "pw"));
    }

    @Test
    void anSslmodeTheUserGaveIsHonouredOnLoopbackToo() {
        assertEquals(1, tlsRequests("postgres://bob:pw@127.0.0.1:PORT/app?sslmode=prefer"));
        assertEquals(1, tlsRequests(null, "PGHOST", "127.0.0.1", "PGPORT", "PORT", "PGUSER", "bob", "PGPASSWORD", "pw",
                "PGSSLMODE", "prefer"));
    }

    @Test
    void aRequiredTlsTheServerRefusesIsExit6WithoutAPassword() {
        try (FakePostgres server = FakePostgres.refusingLogin("28P01", "password authentication failed for user \"bob\"")) {
            var r = new CtlRun().env("DATABASE_URL", "postgres://bob:pw@127.0.0.1:" + server.port + "/app?sslmode=require")
                    .run("user", "show", "alice");
            assertEquals(6, r.code(), r::toString);
            assertEquals(1, server.tlsRequests.get());
            assertEquals(List.of(), server.passwordsSent);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "jdbc:postgresql://127.0.0.1:5432/app, true",
            "jdbc:postgresql://127.1.2.3/app, true",
            "jdbc:postgresql://LOCALHOST:5432/app?user=x, true",
            "jdbc:postgresql://[::1]:5432/app, true",
            "jdbc:postgresql://localhost:5432/app?socketFactory=x&socketFactoryArg=/run/postgresql/.s.PGSQL.5432, true",
            "jdbc:postgresql://db.example.com:5432/app, false",
            "jdbc:postgresql://10.0.0.5/app, false",
            "jdbc:postgresql://127.0.0.1.example.com/app, false",
            "jdbc:postgresql://[2001:db8::1]:5432/app, false",
            "'jdbc:postgresql://127.0.0.1:5432,db.example.com:5432/app', false",
    })
    void whatCountsAsLoopback(String url, boolean loopback) {
        assertEquals(loopback, DatabaseConfig.loopbackOnly(url));
    }
}
