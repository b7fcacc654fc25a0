package ctl.db;

import ctl.testing.CtlTest;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SPEC §5: a task never waits on the application's locks for longer than lock_timeout. */
class SessionSettingsTest extends CtlTest {
    private Connection applicationHoldingALockOn(String nickname) throws Exception {
        Connection app = db.connect(); // as the test server's user, with its password (the embedded one asks)
        app.setAutoCommit(false);
        DSL.using(app).execute("select 1 from users where nickname = ? for update", nickname);
        return app;
    }

    @Test
    void aLockWaitThatTimesOutExits7AndChangesNothing() throws Exception {
        expect(0, ctl().stdin("password1\n").run("user", "new", "locked1", "locked1@example.com", "--password-stdin"));
        String before = db.snapshot();
        try (Connection app = applicationHoldingALockOn("locked1")) {
            var r = expect(7, ctl().env("CTL_LOCK_TIMEOUT", "300ms").run("user", "rm", "locked1", "-y"));
            assertEquals("ctl: timed out waiting for a lock held by the application; safe to retry\n", r.err());
            // measured on the server, not on a clock: the application still holds its lock and
            // nobody waits for it any more, so ctl's own lock_timeout ended the wait
            assertEquals(0, sql().fetchCount(sql().selectFrom("pg_stat_activity")
                    .where("datname = current_database() and wait_event_type = 'Lock'")));
            app.rollback();
        }
        assertEquals(before, db.snapshot());
    }

    @Test
    void theSessionIsNamedAfterTheTaskWhileItWaits() throws Exception {
        expect(0, ctl().stdin("password1\n").run("user", "new", "locked2", "locked2@example.com", "--password-stdin"));
        try (Connection app = applicationHoldingALockOn("locked2")) {
            var run = CompletableFuture.supplyAsync(() -> ctl().env("CTL_LOCK_TIMEOUT", "5s").run("user", "rm", "locked2", "-y"));
            String seen = null;
            for (int i = 0; i < 100 && seen == null; i++) {
                Thread.sleep(50);
                seen = sql().fetchOptional("select application_name from pg_stat_activity where datname = ? "
                        + "and wait_event_type = 'Lock'", db.name).map(r -> r.get(0, String.class)).orElse(null);
            }
            assertEquals("ctl user rm", seen);
            app.rollback();
            expect(0, run.get());
        }
    }

    @Test
    void aStatementTimeoutExits7AndChangesNothing() throws Exception {
        expect(0, ctl().stdin("password1\n").run("user", "new", "locked3", "locked3@example.com", "--password-stdin"));
        String before = db.snapshot();
        try (Connection app = applicationHoldingALockOn("locked3")) {
            var r = expect(7, ctl().env("CTL_LOCK_TIMEOUT", "30s").env("CTL_STATEMENT_TIMEOUT", "300ms")
                    .run("user", "rm", "locked3", "-y"));
            assertEquals("ctl: the statement timed out; safe to retry\n", r.err());
            app.rollback();
        }
        assertEquals(before, db.snapshot());
    }
}
