package ctl.user;

import ctl.db.schema.tables.records.UsersRecord;
import ctl.testing.CtlTest;
import ctl.testing.FakeTerminal;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.jooq.JSONB;
import org.jooq.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.ACTIVITIES;
import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.AUTHORIZATIONS;
import static ctl.db.schema.Tables.FOLLOWS;
import static ctl.db.schema.Tables.GROUP_MEMBERS;
import static ctl.db.schema.Tables.PASSWORD_RESET_TOKENS;
import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserRmTest extends CtlTest {
    static final int ALICE_POSTS = 2500; // more than two batches of 1000

    private long alice;
    private long bob;
    private long carol;
    private long alicePost;
    private long bobLikeOfAlicePost;
    private long bobPost;

    /**
     * alice, the one removed: 2500 posts, follows both ways, two API tokens, an app
     * authorization, a reset token, a group membership. bob and carol have the same kinds of
     * rows, some pointing at alice's (bob likes one of her posts), which must survive her.
     */
    @BeforeEach
    void world() {
        Rows.reset(sql());
        alice = user("alice", true);
        bob = user("bob", false);
        carol = user("carol", false);
        alicePost = Rows.posts(sql(), alice, ALICE_POSTS);
        bobPost = activity(bob, "post", null);
        activity(bob, "post", null);
        bobLikeOfAlicePost = activity(bob, "like", alicePost);
        activity(carol, "boost", bobPost);
        activity(alice, "like", bobPost);

        follow(alice, bob);
        follow(bob, alice);
        follow(carol, alice);
        follow(bob, carol);

        token(alice, "alice-1");
        token(alice, "alice-2");
        token(bob, "bob-1");
        for (long user : List.of(alice, bob)) {
            Rows.authorization(sql(), user, "Tusky");
            Rows.resetToken(sql(), user, "reset-" + user, OffsetDateTime.now(ZoneOffset.UTC).plusHours(24));
        }
        long staff = Rows.group(sql(), "staff", null);
        Rows.member(sql(), staff, alice);
        Rows.member(sql(), staff, bob);
    }

    private long user(String nickname, boolean everyField) {
        return Rows.user(sql(), nickname, u -> {
            u.setPasswordHash(Rows.SOME_HASH);
            if (everyField) {
                u.setName("Name of " + nickname);
                u.setBio("Bio of " + nickname);
                u.setCompany("ACME");
                u.setAdmin(true);
                u.setModerator(true);
                u.setTags(new String[] {"ops"});
                u.setMetadata(JSONB.jsonb("{\"team\": \"infra\"}"));
            }
        });
    }

    private long activity(long user, String kind, Long object) {
        return Rows.activity(sql(), user, kind, object);
    }

    private void follow(long follower, long followed) {
        Rows.follow(sql(), follower, followed);
    }

    private void token(long user, String secret) {
        Rows.apiToken(sql(), user, secret);
    }

    private UsersRecord row(long id) {
        return sql().selectFrom(USERS).where(USERS.ID.eq(id)).fetchOne();
    }

    private int count(org.jooq.Table<?> table, org.jooq.Condition condition) {
        return sql().fetchCount(table, condition);
    }

    /** What bob and carol own, and what points at them: none of it may change when alice goes. */
    private String othersData() {
        StringBuilder sb = new StringBuilder();
        for (String q : List.of(
                "select u::text from users u where id <> " + alice + " order by id",
                "select a.id || ':' || a.user_id || ':' || a.kind || ':' || coalesce(a.object_id::text, '-') "
                        + "from activities a where user_id <> " + alice + " order by id",
                "select f::text from follows f where " + alice + " not in (follower_id, followed_id) order by 1",
                "select t::text from api_tokens t where user_id <> " + alice + " order by id",
                "select t::text from authorizations t where user_id <> " + alice + " order by id",
                "select t::text from password_reset_tokens t where user_id <> " + alice + " order by id",
                "select t::text from group_members t where user_id <> " + alice + " order by 1",
                "select t::text from groups t order by id")) {
            sql().fetch(q).forEach(r -> sb.append(r.get(0)).append('\n'));
            sb.append("--\n");
        }
        // bob's like of alice's post is the one row of others' that changes: its pointer is cleared
        return sb.toString().replaceFirst(bobLikeOfAlicePost + ":" + bob + ":like:" + alicePost, bobLikeOfAlicePost + ":" + bob + ":like:-");
    }

    private void assertAliceHasNoDataLeft() {
        assertEquals(0, count(ACTIVITIES, ACTIVITIES.USER_ID.eq(alice)));
        assertEquals(0, count(FOLLOWS, FOLLOWS.FOLLOWER_ID.eq(alice).or(FOLLOWS.FOLLOWED_ID.eq(alice))));
        assertEquals(0, count(API_TOKENS, API_TOKENS.USER_ID.eq(alice)));
        assertEquals(0, count(AUTHORIZATIONS, AUTHORIZATIONS.USER_ID.eq(alice)));
        assertEquals(0, count(PASSWORD_RESET_TOKENS, PASSWORD_RESET_TOKENS.USER_ID.eq(alice)));
        assertEquals(0, count(GROUP_MEMBERS, GROUP_MEMBERS.USER_ID.eq(alice)));
    }

    @Test
    void withoutYesAndWithoutATerminalItExits1AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(1, ctl("user", "rm", "alice"));
        assertEquals("ctl: confirmation needed: Delete user alice and all their data; "
                + "rerun with -y to confirm without a terminal\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void declinedOnATerminalItExits1AndChangesNothing() {
        String before = db.snapshot();
        var terminal = new FakeTerminal("n");
        var r = expect(1, ctl().terminal(terminal).run("user", "rm", "alice"));
        assertEquals(List.of("Delete user alice and all their data? [y/N] "), terminal.prompts);
        assertEquals("ctl: aborted, nothing changed\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void confirmedOnATerminalItDeletes() {
        var terminal = new FakeTerminal("y");
        var r = expect(0, ctl().terminal(terminal).run("user", "rm", "alice"));
        assertEquals(1, terminal.prompts.size());
        // the progress bars of the batches (on a terminal only), then the status lines
        assertTrue(r.err().startsWith("\ractivities of alice"), r::toString);
        assertTrue(r.err().contains("\nUser alice deleted.\n"), r::toString);
        assertNotNull(row(alice).getDeletedAt());
        assertAliceHasNoDataLeft();
    }

    @Test
    void yesLeavesATombstoneAndRemovesEveryRowOfTheUser() {
        String others = othersData();
        var r = expect(0, ctl("user", "rm", "alice", "-y"));
        assertEquals("", r.out());

        UsersRecord tombstone = row(alice);
        assertEquals("alice", tombstone.getNickname());
        assertNotNull(tombstone.getDeletedAt());
        assertNull(tombstone.getEmail());
        assertNull(tombstone.getName());
        assertNull(tombstone.getBio());
        assertNull(tombstone.getCompany());
        assertNull(tombstone.getPasswordHash());
        assertFalse(tombstone.getActivated());
        assertFalse(tombstone.getAdmin());
        assertFalse(tombstone.getModerator());

        assertAliceHasNoDataLeft();
        assertEquals(others, othersData());
    }

    @Test
    void aLikeOfADeletedPostStaysWithItsPointerCleared() {
        expect(0, ctl("user", "rm", "alice", "-y"));
        Record like = sql().selectFrom(ACTIVITIES).where(ACTIVITIES.ID.eq(bobLikeOfAlicePost)).fetchOne();
        assertNotNull(like, "bob's like was deleted with alice's post");
        assertNull(like.get(ACTIVITIES.OBJECT_ID));
        assertEquals(bob, like.get(ACTIVITIES.USER_ID));
    }

    @Test
    void saysWhatItDidWithCounts() {
        var r = expect(0, ctl("user", "rm", "alice", "-y"));
        assertEquals("User alice deleted.\nRemoved " + (ALICE_POSTS + 1) + " activities and 3 follows\n", r.err());
    }

    /** Lock before you touch: the application holds alice's row, so rm changes nothing and exits 7. */
    @Test
    void withTheUsersRowLockedByTheApplicationExits7HavingChangedNothing() throws Exception {
        String before = db.snapshot();
        try (java.sql.Connection app = db.connect()) {
            app.setAutoCommit(false);
            app.createStatement().execute("select 1 from users where nickname = 'alice' for update");
            var r = expect(7, ctl().env("CTL_LOCK_TIMEOUT", "200ms").run("user", "rm", "alice", "-y"));
            assertEquals("ctl: timed out waiting for a lock held by the application; safe to retry\n", r.err());
            app.rollback();
        }
        assertEquals(before, db.snapshot());
    }

    @Test
    void writesOneAuditEntryWithTheCounts() {
        expect(0, ctl("user", "rm", "alice", "-y"));
        var audit = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("user.rm", audit.getOperation());
        assertEquals("delete", audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        @SuppressWarnings("unchecked")
        Map<String, Object> changes = Json.object(audit.getChanges().data());
        assertEquals((long) ALICE_POSTS + 1, changes.get("activities"));
        assertEquals(3L, changes.get("follows"));
        assertEquals(2L, changes.get("api_tokens"));
        assertEquals(1L, changes.get("authorizations"));
        assertEquals(1L, changes.get("password_reset_tokens"));
        assertEquals(1L, changes.get("group_memberships"));
        assertFalse(audit.getParameters().data().contains("argon2"));
    }

    @Test
    void dryRunCountsForRealChangesNoRowAndWritesNoAudit() {
        String before = db.rows();
        var r = expect(0, ctl("user", "rm", "alice", "-y", "--dry-run"));
        assertEquals("User alice deleted. (dry run)\nRemoved " + (ALICE_POSTS + 1) + " activities and 3 follows (dry run)\n",
                r.err());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void dryRunStillNeedsAConfirmation() {
        String before = db.rows();
        expect(1, ctl("user", "rm", "alice", "--dry-run"));
        assertEquals(before, db.rows());
    }

    @Test
    void removingATombstoneSaysAlreadyDeletedAndExits0() {
        expect(0, ctl("user", "rm", "alice", "-y"));
        String before = db.snapshot();
        var r = expect(0, ctl("user", "rm", "alice", "-y"));
        assertEquals("User alice is already deleted\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void purgeRemovesTheRowAndFreesTheNickname() {
        String others = othersData();
        var r = expect(0, ctl("user", "rm", "alice", "--purge", "-y"));
        assertTrue(r.err().startsWith("User alice deleted.\n"), r::toString);
        assertNull(row(alice));
        assertAliceHasNoDataLeft();
        assertEquals(others, othersData());
        var audit = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("user.rm", audit.getOperation());
        assertTrue(audit.getParameters().data().contains("\"purge\": true"), audit::toString);

        expect(0, ctl().stdin("password1\n").run("user", "new", "alice", "alice@example.com", "--password-stdin"));
        assertNotNull(sql().selectFrom(USERS).where(USERS.NICKNAME.eq("alice")).fetchOne());
    }

    @Test
    void purgeOfATombstoneRemovesItAndFreesTheNickname() {
        expect(0, ctl("user", "rm", "alice", "-y"));
        expect(4, ctl().stdin("password1\n").run("user", "new", "alice", "new@example.com", "--password-stdin"));
        expect(0, ctl("user", "rm", "alice", "--purge", "-y"));
        assertNull(row(alice));
        expect(0, ctl().stdin("password1\n").run("user", "new", "alice", "new@example.com", "--password-stdin"));
    }

    @Test
    void purgeDryRunKeepsTheRow() {
        String before = db.rows();
        var r = expect(0, ctl("user", "rm", "alice", "--purge", "-y", "--dry-run"));
        assertTrue(r.err().startsWith("User alice deleted. (dry run)\n"), r::toString);
        assertEquals(before, db.rows());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@example.com", "999999"})
    void anUnknownUserExits3AndChangesNothing(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "rm", ref, "-y"));
        assertEquals("ctl: no user " + ref + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void findsTheUserByEmail() {
        var r = expect(0, ctl("user", "rm", "ALICE@example.com", "-y"));
        assertTrue(r.err().startsWith("User alice deleted.\n"), r::toString);
        assertNotNull(row(alice).getDeletedAt());
        assertNull(row(bob).getDeletedAt());
    }

    @Test
    void findsTheUserById() {
        var r = expect(0, ctl("user", "rm", String.valueOf(bob), "-y"));
        assertEquals("User bob deleted.\nRemoved 3 activities and 3 follows\n", r.err());
        assertNotNull(row(bob).getDeletedAt());
        assertNull(row(alice).getDeletedAt());
    }

    @Test
    void removeAndDeleteAreAliases() {
        expect(0, ctl("user", "remove", "alice", "-y"));
        expect(0, ctl("user", "delete", "bob", "-y"));
        assertNotNull(row(alice).getDeletedAt());
        assertNotNull(row(bob).getDeletedAt());
        assertNull(row(carol).getDeletedAt());
    }

    @Test
    void quietPrintsNothing() {
        var r = expect(0, ctl("user", "rm", "alice", "-y", "-q"));
        assertEquals("", r.err());
        assertEquals("", r.out());
        assertNotNull(row(alice).getDeletedAt());
    }

    @Test
    void theTombstoneHidesFromShowAndListButKeepsTheNickname() {
        expect(0, ctl("user", "rm", "alice", "-y"));
        expect(3, ctl("user", "show", "alice"));
        assertEquals("nickname\r\nbob\r\ncarol\r\n",
                expect(0, ctl("user", "list", "--fields", "nickname", "--format", "csv")).out());
        assertArrayEquals(new String[0], row(alice).getTags());
    }
}
