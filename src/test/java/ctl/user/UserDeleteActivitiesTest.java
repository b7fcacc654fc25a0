package ctl.user;

import ctl.testing.CtlTest;
import ctl.testing.FakeTerminal;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static ctl.db.schema.Tables.ACTIVITIES;
import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserDeleteActivitiesTest extends CtlTest {
    static final int ALICE_POSTS = 2500; // more than two batches of 1000
    static final int ALICE_ALL = ALICE_POSTS + 2; // and a like and a boost

    private long alice;
    private long bob;
    private long remote;
    private long alicePost;
    private long bobPost;
    private long bobLikeOfAlicePost;
    private long carolBoostOfAlicePost;

    /**
     * alice: 2500 posts, a like and a boost of bob's post. bob likes one of her posts and
     * carol boosts it: those stay, pointing at nothing. dave@remote.example, a remote user,
     * has two posts of his own.
     */
    @BeforeEach
    void world() {
        Rows.reset(sql());
        alice = Rows.user(sql(), "alice");
        bob = Rows.user(sql(), "bob");
        long carol = Rows.user(sql(), "carol");
        remote = Rows.remote(sql(), "dave");
        alicePost = Rows.posts(sql(), alice, ALICE_POSTS);
        bobPost = activity(bob, "post", null);
        bobLikeOfAlicePost = activity(bob, "like", alicePost);
        carolBoostOfAlicePost = activity(carol, "boost", alicePost);
        activity(alice, "like", bobPost);
        activity(alice, "boost", bobPost);
        activity(remote, "post", null);
        activity(remote, "post", null);
    }

    private long activity(long user, String kind, Long object) {
        return Rows.activity(sql(), user, kind, object);
    }

    private int activitiesOf(long user) {
        return sql().fetchCount(ACTIVITIES, ACTIVITIES.USER_ID.eq(user));
    }

    /** Every row but alice's activities: users (alice's included) and the others' activities. */
    private String everythingButAlicesActivities() {
        return String.join("\n", sql().fetch("select u::text from users u order by id").getValues(0, String.class))
                + "\n--\n" + String.join("\n", sql().fetch(
                        "select a.id || ':' || a.user_id || ':' || a.kind || ':' || coalesce(a.object_id::text, '-') "
                                + "from activities a where user_id <> ? order by id", alice).getValues(0, String.class))
                .replace(bobLikeOfAlicePost + ":" + bob + ":like:" + alicePost, bobLikeOfAlicePost + ":" + bob + ":like:-")
                .replaceAll("(" + carolBoostOfAlicePost + ":\\d+:boost:)" + alicePost, "$1-");
    }

    @Test
    void withoutYesAndWithoutATerminalItExits1AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(1, ctl("user", "delete_activities", "alice"));
        assertEquals("ctl: confirmation needed: Delete all " + ALICE_ALL + " activities of alice; "
                + "rerun with -y to confirm without a terminal\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void declinedOnATerminalItExits1AndChangesNothing() {
        String before = db.snapshot();
        var terminal = new FakeTerminal("n");
        var r = expect(1, ctl().terminal(terminal).run("user", "delete_activities", "alice"));
        assertEquals(List.of("Delete all " + ALICE_ALL + " activities of alice? [y/N] "), terminal.prompts);
        assertEquals("ctl: aborted, nothing changed\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void confirmedOnATerminalItDeletesWithAProgressBar() {
        var terminal = new FakeTerminal("y");
        var r = expect(0, ctl().terminal(terminal).run("user", "delete_activities", "alice"));
        assertEquals(1, terminal.prompts.size());
        assertTrue(r.err().contains("\ractivities of alice 100%"), r::toString);
        assertTrue(r.err().contains(ALICE_ALL + "/" + ALICE_ALL), r::toString);
        assertTrue(r.err().endsWith("\nUser alice statuses deleted.\nDeleted " + ALICE_ALL + " activities\n"), r::toString);
        assertEquals(0, activitiesOf(alice));
    }

    @Test
    void withYesItDeletesEveryActivityOfTheUserAndNothingElse() {
        String others = everythingButAlicesActivities();
        var r = expect(0, ctl("user", "delete_activities", "alice", "-y"));
        assertEquals("User alice statuses deleted.\nDeleted " + ALICE_ALL + " activities\n", r.err());
        assertEquals("", r.out());
        assertEquals(0, activitiesOf(alice));
        assertEquals(others, everythingButAlicesActivities());
    }

    @Test
    void likesAndBoostsOfTheDeletedPostsStayWithTheirPointerCleared() {
        expect(0, ctl("user", "delete_activities", "alice", "-y"));
        for (long id : List.of(bobLikeOfAlicePost, carolBoostOfAlicePost)) {
            var row = sql().selectFrom(ACTIVITIES).where(ACTIVITIES.ID.eq(id)).fetchOne();
            assertNotNull(row, "an interaction of another user was deleted");
            assertNull(row.getObjectId());
        }
    }

    @Test
    void theUserStaysActive() {
        expect(0, ctl("user", "delete_activities", "alice", "-y"));
        var user = sql().selectFrom(USERS).where(USERS.ID.eq(alice)).fetchOne();
        assertTrue(user.getActivated());
        assertNull(user.getDeletedAt());
    }

    @Test
    void writesOneAuditEntryWithTheCount() {
        expect(0, ctl("user", "delete_activities", "alice", "-y"));
        var audit = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("user.delete_activities", audit.getOperation());
        assertEquals("delete", audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertEquals(Map.of("activities", (long) ALICE_ALL), Json.parse(audit.getChanges().data()));
        assertEquals(Map.of("user_id", alice), Json.parse(audit.getParameters().data()));
    }

    @Test
    void dryRunCountsForRealChangesNoRowAndWritesNoAudit() {
        String before = db.rows();
        var r = expect(0, ctl("user", "delete_activities", "alice", "-y", "--dry-run"));
        assertEquals("User alice statuses deleted. (dry run)\nDeleted " + ALICE_ALL + " activities (dry run)\n", r.err());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void dryRunStillNeedsAConfirmation() {
        String before = db.rows();
        expect(1, ctl("user", "delete_activities", "alice", "--dry-run"));
        assertEquals(before, db.rows());
    }

    /**
     * A real interruption: the application holds a lock on one of alice's posts in the third
     * batch, so the run stops there (exit 7) with two batches done; the rerun finishes.
     */
    @Test
    void aRerunAfterAnInterruptionFinishesTheJob() throws Exception {
        long locked = sql().select(ACTIVITIES.ID).from(ACTIVITIES).where(ACTIVITIES.USER_ID.eq(alice))
                .orderBy(ACTIVITIES.ID).offset(2200).limit(1).fetchOne(ACTIVITIES.ID);
        try (Connection app = db.connect()) {
            app.setAutoCommit(false);
            app.createStatement().execute("select 1 from activities where id = " + locked + " for update");
            var r = expect(7, ctl().env("CTL_LOCK_TIMEOUT", "200ms").env("CTL_BATCH_SIZE", "1000").run("user", "delete_activities", "alice", "-y"));
            assertEquals("ctl: timed out waiting for a lock held by the application; safe to retry "
                    + "(stopped after 2000 activities of alice; run the task again to finish)\n", r.err());
            app.rollback();
        }
        assertEquals(ALICE_ALL - 2000, activitiesOf(alice));
        var stopped = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("user.delete_activities", stopped.getOperation(), "the two committed batches are audited");
        assertEquals("delete", stopped.getActionKind());
        assertEquals("{\"activities\": 2000}", stopped.getChanges().data());
        assertEquals("stopped", stopped.getStatus());
        assertEquals("timed out waiting for a lock held by the application; safe to retry", stopped.getReason());
        assertEquals(Map.of("user_id", alice), Json.parse(stopped.getParameters().data()));

        var r = expect(0, ctl("user", "delete_activities", "alice", "-y"));
        assertEquals("User alice statuses deleted.\nDeleted " + (ALICE_ALL - 2000) + " activities\n", r.err());
        assertEquals(0, activitiesOf(alice));
        var rerun = sql().selectFrom(AUDIT_LOG).orderBy(AUDIT_LOG.ID.desc()).limit(1).fetchOne();
        assertEquals(stopped.getId(), rerun.getResumes(), "the rerun's entry names the run it resumes");
        assertEquals("finished", rerun.getStatus());
        assertEquals("{\"activities\": " + (ALICE_ALL - 2000) + "}", rerun.getChanges().data());
    }

    /**
     * CTL_BATCH_PAUSE_PERCENT: after each batch but the last, a rest of that share of the
     * batch's time, said under -v and taken: at 3000 % the rests are 30 times the batches'
     * time, and the run lasts at least their sum. The work and its audit entry are the same.
     */
    @Test
    void aPauseAfterEachBatchIsSaidAndTaken() {
        long start = System.nanoTime();
        var r = expect(0, ctl().env("CTL_BATCH_SIZE", "500").env("CTL_BATCH_PAUSE_PERCENT", "3000")
                .run("-v", "user", "delete_activities", "alice", "-y"));
        long wall = (System.nanoTime() - start) / 1_000_000;
        Matcher batch = Pattern.compile("batch (\\d+): (\\d+) activities of alice in (\\d+) ms(, then a pause of (\\d+) ms)?\n")
                .matcher(r.err());
        long paused = 0;
        int batches = 0;
        while (batch.find()) {
            batches++;
            long ms = Long.parseLong(batch.group(3));
            if (Long.parseLong(batch.group(2)) == 500 && batches < 6) {
                long pause = batch.group(5) == null ? 0 : Long.parseLong(batch.group(5));
                assertEquals(ms * 30, pause, "the pause is 30 times the batch's time\n" + r.err());
                paused += pause;
            } else {
                assertNull(batch.group(4), "no pause after the last batch\n" + r.err());
            }
        }
        assertEquals(6, batches, r.err()); // 2500 posts and 2 more: 5 full batches and a last
        assertTrue(paused > 0 && wall >= paused, "the run took " + wall + " ms, its pauses " + paused);
        assertEquals(0, activitiesOf(alice));
        assertEquals("{\"activities\": " + ALICE_ALL + "}", sql().selectFrom(AUDIT_LOG).fetchOne().getChanges().data());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "10001", "1.5", "٣"})
    void aPauseSettingOutOfRangeExits2AndChangesNothing(String value) {
        String before = db.snapshot();
        var r = expect(2, ctl().env("CTL_BATCH_PAUSE_PERCENT", value).run("user", "delete_activities", "alice", "-y"));
        assertEquals("ctl: CTL_BATCH_PAUSE_PERCENT must be a whole number from 0 to 10000\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aUserWithNothingLeftSaysSoWithoutAskingAndExits0() {
        expect(0, ctl("user", "delete_activities", "alice", "-y"));
        String before = db.snapshot();
        var r = expect(0, ctl("user", "delete_activities", "alice"));
        assertEquals("User alice has no statuses left to delete (0 activities)\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void worksForARemoteUser() {
        var r = expect(0, ctl("user", "delete_activities", "dave@remote.example", "-y"));
        assertEquals("User dave@remote.example statuses deleted.\nDeleted 2 activities\n", r.err());
        assertEquals(0, activitiesOf(remote));
        assertEquals(ALICE_ALL, activitiesOf(alice));
    }

    @Test
    void oneActivityIsSingular() {
        activity(Rows.user(sql(), "erin"), "post", null);
        var r = expect(0, ctl("user", "delete_activities", "erin", "-y"));
        assertEquals("User erin statuses deleted.\nDeleted 1 activity\n", r.err());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@example.com", "999999"})
    void anUnknownUserExits3AndChangesNothing(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "delete_activities", ref, "-y"));
        assertEquals("ctl: no user " + ref + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void findsTheUserByEmailAndById() {
        expect(0, ctl("user", "delete_activities", "BOB@example.com", "-y"));
        assertEquals(0, activitiesOf(bob));
        expect(0, ctl("user", "delete_activities", String.valueOf(remote), "-y"));
        assertEquals(0, activitiesOf(remote));
        assertEquals(ALICE_ALL, activitiesOf(alice));
    }

    @Test
    void theKebabCaseSpellingIsAnAlias() {
        expect(0, ctl("user", "delete-activities", "alice", "-y"));
        assertEquals(0, activitiesOf(alice));
    }

    @Test
    void quietPrintsNothing() {
        var r = expect(0, ctl("user", "delete_activities", "alice", "-y", "-q"));
        assertEquals("", r.err());
        assertEquals("", r.out());
        assertEquals(0, activitiesOf(alice));
    }

    @Test
    void helpHasAnExample() {
        var r = expect(0, ctl("user", "delete_activities", "--help"));
        assertTrue(r.out().contains("Examples:\n  ctl user delete_activities"), r::toString);
    }
}
