package ctl.user;

import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserUnsubscribeTest extends CtlTest {
    static final String SPAMMER = "spammer@bad.example";
    static final String LINES = """
            Unsubscribing bob from spammer@bad.example
            Unsubscribing carol from spammer@bad.example
            Unsubscribing erin from spammer@bad.example
            """;

    private long spammer;
    private long bob;
    private long carol;
    private long erin;
    private long mallory;
    private long alice;

    /**
     * spammer@bad.example, a remote account, is followed by the local bob, carol and erin
     * (erin is deactivated: still local), and by mallory@other.example (remote: stays).
     * spammer follows bob (a follow BY the user: stays); bob follows carol and alice.
     */
    @BeforeEach
    void world() {
        Rows.reset(sql());
        alice = Rows.user(sql(), "alice");
        bob = Rows.user(sql(), "bob");
        carol = Rows.user(sql(), "carol");
        erin = Rows.user(sql(), "erin", u -> u.setActivated(false));
        spammer = Rows.remote(sql(), "spammer", "bad.example");
        mallory = Rows.remote(sql(), "mallory", "other.example");
        for (long follower : List.of(erin, carol, bob, mallory)) {
            Rows.follow(sql(), follower, spammer);
        }
        Rows.follow(sql(), spammer, bob);
        Rows.follow(sql(), bob, carol);
        Rows.follow(sql(), bob, alice);
    }

    private List<String> follows() {
        return Rows.follows(sql());
    }

    private boolean activated(long id) {
        return sql().select(USERS.ACTIVATED).from(USERS).where(USERS.ID.eq(id)).fetchOne(USERS.ACTIVATED);
    }

    @Test
    void removesEveryFollowByALocalUserThenDeactivatesTheUser() {
        var r = expect(0, ctl("user", "unsubscribe", SPAMMER));
        assertEquals(LINES + "Deactivating spammer@bad.example\n"
                + "Successfully unsubscribed all local followers from spammer@bad.example\n", r.err());
        assertEquals("", r.out());
        assertFalse(activated(spammer));
    }

    @Test
    void followsByRemoteUsersAndByTheUserItselfStay() {
        expect(0, ctl("user", "unsubscribe", SPAMMER));
        assertEquals(List.of("bob -> alice", "bob -> carol", "mallory@other.example -> spammer@bad.example",
                "spammer@bad.example -> bob"), follows());
    }

    @Test
    void otherUsersAreUntouched() {
        String others = sql().fetch("select u::text from users u where id <> ? order by id", spammer).toString();
        expect(0, ctl("user", "unsubscribe", SPAMMER));
        assertEquals(others, sql().fetch("select u::text from users u where id <> ? order by id", spammer).toString());
    }

    @Test
    void writesOneAuditEntryWithTheCounts() {
        expect(0, ctl("user", "unsubscribe", SPAMMER));
        var audit = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("user.unsubscribe", audit.getOperation());
        assertEquals("update", audit.getActionKind());
        assertEquals(SPAMMER, audit.getTarget());
        assertEquals(Map.of("follows", 3L, "users_deactivated", 1L), Json.parse(audit.getChanges().data()));
        assertEquals(Map.of("user_id", spammer), Json.parse(audit.getParameters().data()));
    }

    @Test
    void anAlreadyDeactivatedUserSaysSoAndStillLosesItsLocalFollowers() {
        sql().update(USERS).set(USERS.ACTIVATED, false).where(USERS.ID.eq(spammer)).execute();
        var r = expect(0, ctl("user", "unsubscribe", SPAMMER));
        assertEquals(LINES + "User spammer@bad.example already deactivated\n"
                + "Successfully unsubscribed all local followers from spammer@bad.example\n", r.err());
        assertEquals(List.of("bob -> alice", "bob -> carol", "mallory@other.example -> spammer@bad.example",
                "spammer@bad.example -> bob"), follows());
        assertEquals(Map.of("follows", 3L, "users_deactivated", 0L),
                Json.parse(sql().selectFrom(AUDIT_LOG).fetchOne().getChanges().data()));
    }

    @Test
    void aSecondRunHasNothingToDoChangesNothingAndWritesNoAudit() {
        expect(0, ctl("user", "unsubscribe", SPAMMER));
        String before = db.snapshot();
        var r = expect(0, ctl("user", "unsubscribe", SPAMMER));
        assertEquals("User spammer@bad.example already deactivated\n"
                + "Successfully unsubscribed all local followers from spammer@bad.example\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunSaysEverythingChangesNoRowAndWritesNoAudit() {
        String before = db.rows();
        var r = expect(0, ctl("user", "unsubscribe", SPAMMER, "--dry-run"));
        assertEquals("""
                Unsubscribing bob from spammer@bad.example (dry run)
                Unsubscribing carol from spammer@bad.example (dry run)
                Unsubscribing erin from spammer@bad.example (dry run)
                Deactivating spammer@bad.example (dry run)
                Successfully unsubscribed all local followers from spammer@bad.example (dry run)
                """, r.err());
        assertEquals(before, db.rows());
    }

    @Test
    void worksForALocalUserToo() {
        var r = expect(0, ctl("user", "unsubscribe", "alice"));
        assertEquals("Unsubscribing bob from alice\nDeactivating alice\n"
                + "Successfully unsubscribed all local followers from alice\n", r.err());
        assertFalse(activated(alice));
        assertFalse(follows().contains("bob -> alice"));
        assertTrue(follows().contains("bob -> carol"));
    }

    @Test
    void manyFollowersGoInBatchesOneLineEach() {
        Rows.users(sql(), "fan", 2100, u -> {});
        sql().execute("insert into follows (follower_id, followed_id) "
                + "select id, ? from users where nickname like 'fan%'", spammer);
        var r = expect(0, ctl().env("CTL_BATCH_SIZE", "1000").run("user", "unsubscribe", SPAMMER, "-v"));
        List<String> lines = r.err().lines().filter(l -> l.startsWith("Unsubscribing ")).toList();
        assertEquals(2103, lines.size());
        assertEquals("Unsubscribing fan1 from spammer@bad.example", lines.get(3));
        assertEquals("Unsubscribing fan2100 from spammer@bad.example", lines.get(2102));
        assertEquals(3, r.err().lines().filter(l -> l.matches("batch \\d+: \\d+ local follows of .*")).count(), r.err());
        assertEquals(List.of("bob -> alice", "bob -> carol", "mallory@other.example -> spammer@bad.example",
                "spammer@bad.example -> bob"), follows());
    }

    /**
     * The application holds a follow of the second batch: the run stops there (exit 7) having
     * said a line for each follow the first batch removed, in order and all before its error,
     * which says how far it got; the audit entry says stopped, with the rows the database holds
     * as removed, and a rerun finishes.
     */
    @Test
    void aLockHeldInTheSecondBatchStopsAfterTheFirstsLines() throws Exception {
        Rows.users(sql(), "fan", 2100, u -> {});
        sql().execute("insert into follows (follower_id, followed_id) "
                + "select id, ? from users where nickname like 'fan%'", spammer);
        long fan1500 = sql().select(USERS.ID).from(USERS).where(USERS.NICKNAME.eq("fan1500")).fetchOne(USERS.ID);
        CtlRun.Result r;
        try (Connection app = db.connect()) {
            app.setAutoCommit(false);
            DSL.using(app).execute("select 1 from follows where follower_id = ? and followed_id = ? for update",
                    fan1500, spammer);
            r = expect(7, ctl().env("CTL_LOCK_TIMEOUT", "300ms").env("CTL_BATCH_SIZE", "1000")
                    .run("user", "unsubscribe", SPAMMER));
            app.rollback();
        }
        List<String> err = r.err().lines().toList();
        List<String> lines = err.stream().filter(l -> l.startsWith("Unsubscribing ")).toList();
        // the first batch: the 1,000 follows of lowest key, mallory's (remote: stays) among them
        assertEquals(999, lines.size(), r.err());
        assertEquals(List.of("Unsubscribing bob from spammer@bad.example", "Unsubscribing carol from spammer@bad.example",
                "Unsubscribing erin from spammer@bad.example", "Unsubscribing fan1 from spammer@bad.example"),
                lines.subList(0, 4));
        assertEquals("Unsubscribing fan996 from spammer@bad.example", lines.get(998));
        assertEquals(1000, err.size(), "the lines, then the error and nothing else: " + r.err());
        assertEquals("ctl: timed out waiting for a lock held by the application; safe to retry (stopped after 999 "
                + "local follows of spammer@bad.example; run the task again to finish)", err.get(999));
        var audit = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("stopped", audit.getStatus());
        assertEquals(Map.of("follows", 999L), Json.parse(audit.getChanges().data()));
        assertEquals(2103 - 999, sql().fetchCount(sql().selectFrom("follows f join users u on u.id = f.follower_id")
                .where("f.followed_id = ? and u.local", spammer)));
        assertTrue(activated(spammer), "not deactivated: the run stopped before");

        var rerun = expect(0, ctl("user", "unsubscribe", SPAMMER));
        assertEquals(2103 - 999, rerun.err().lines().filter(l -> l.startsWith("Unsubscribing ")).count());
        assertFalse(activated(spammer));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@bad.example", "999999"})
    void anUnknownUserExits3AndChangesNothing(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "unsubscribe", ref));
        assertEquals("ctl: no user " + ref + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void findsTheUserById() {
        expect(0, ctl("user", "unsubscribe", String.valueOf(spammer)));
        assertFalse(activated(spammer));
    }

    @Test
    void quietPrintsNothing() {
        var r = expect(0, ctl("user", "unsubscribe", SPAMMER, "-q"));
        assertEquals("", r.err());
        assertFalse(activated(spammer));
    }

    @Test
    void helpHasAnExample() {
        var r = expect(0, ctl("user", "unsubscribe", "--help"));
        assertTrue(r.out().contains("Examples:\n  ctl user unsubscribe"), r::toString);
    }
}
