package ctl.user;

import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserUnsubscribeAllFromInstanceTest extends CtlTest {
    static final String RUN = """
            Unsubscribing a@bad.example from bad.example
            Unsubscribing bob from a@bad.example
            Unsubscribing carol from a@bad.example
            Deactivating a@bad.example
            Successfully unsubscribed all local followers from a@bad.example
            Unsubscribing b@Bad.Example from bad.example
            Unsubscribing bob from b@Bad.Example
            Deactivating b@Bad.Example
            Successfully unsubscribed all local followers from b@Bad.Example
            Unsubscribed 2 users from bad.example: removed 3 local follows
            """;
    static final List<String> FOLLOWS_LEFT = List.of(
            "bob -> c@notbad.example", "bob -> d@bad.example.evil", "bob -> e@other.example",
            "e@other.example -> a@bad.example");

    /**
     * bad.example has a@bad.example and b@Bad.Example (the host in another case), and a
     * deleted user's tombstone. notbad.example, bad.example.evil and other.example are other
     * instances that a substring match would catch. The local bob and carol follow users of
     * all of them; e@other.example (remote) follows a@bad.example.
     */
    @BeforeEach
    void world() {
        Rows.reset(sql());
        long bob = Rows.user(sql(), "bob");
        long carol = Rows.user(sql(), "carol");
        long a = Rows.remote(sql(), "a", "bad.example");
        long b = Rows.remote(sql(), "b", "Bad.Example");
        long c = Rows.remote(sql(), "c", "notbad.example");
        long d = Rows.remote(sql(), "d", "bad.example.evil");
        long e = Rows.remote(sql(), "e", "other.example");
        Rows.remote(sql(), "gone", "bad.example", u -> {
            u.setActivated(false);
            u.setDeletedAt(Rows.LONG_AGO);
        });
        Rows.follow(sql(), carol, a);
        Rows.follow(sql(), bob, a);
        Rows.follow(sql(), bob, b);
        Rows.follow(sql(), bob, c);
        Rows.follow(sql(), bob, d);
        Rows.follow(sql(), bob, e);
        Rows.follow(sql(), e, a);
    }

    private List<String> follows() {
        return Rows.follows(sql());
    }

    private List<String> deactivated() {
        return sql().select(USERS.NICKNAME).from(USERS).where(USERS.ACTIVATED.isFalse()).orderBy(USERS.ID)
                .fetch(USERS.NICKNAME);
    }

    @Test
    void unsubscribesEveryUserOfTheInstanceWithOneLineEach() {
        var r = expect(0, ctl("user", "unsubscribe_all_from_instance", "bad.example"));
        assertEquals(RUN, r.err());
        assertEquals("", r.out());
        assertEquals(List.of("a@bad.example", "b@Bad.Example", "gone@bad.example"), deactivated());
        assertEquals(FOLLOWS_LEFT, follows());
    }

    @Test
    void theHostMatchesWholeAndWithoutRegardToCaseNeverAsASubstring() {
        var r = expect(0, ctl("user", "unsubscribe_all_from_instance", "BAD.EXAMPLE"));
        assertTrue(r.err().endsWith("Unsubscribed 2 users from BAD.EXAMPLE: removed 3 local follows\n"), r::toString);
        assertEquals(FOLLOWS_LEFT, follows());
        assertEquals(List.of("a@bad.example", "b@Bad.Example", "gone@bad.example"), deactivated());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"example", "bad", "ad.example", "bad.exampl"})
    void aPartOfAHostMatchesNobody(String host) {
        String before = db.snapshot();
        var r = expect(0, ctl("user", "unsubscribe_all_from_instance", host));
        assertEquals("No users from " + host + ": nothing to do\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void writesOneAuditEntryWithTheCounts() {
        expect(0, ctl("user", "unsubscribe_all_from_instance", "bad.example"));
        var audit = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("user.unsubscribe_all_from_instance", audit.getOperation());
        assertEquals("update", audit.getActionKind());
        assertEquals("bad.example", audit.getTarget());
        assertEquals(Map.of("users", 2L, "follows", 3L, "users_deactivated", 2L),
                Json.parse(audit.getChanges().data()));
    }

    @Test
    void dryRunSaysEverythingChangesNoRowAndWritesNoAudit() {
        String before = db.rows();
        var r = expect(0, ctl("user", "unsubscribe_all_from_instance", "bad.example", "--dry-run"));
        assertEquals(RUN.replace("\n", " (dry run)\n"), r.err());
        assertEquals(before, db.rows());
    }

    @Test
    void aSecondRunFindsNothingToChangeAndWritesNoAudit() {
        expect(0, ctl("user", "unsubscribe_all_from_instance", "bad.example"));
        String before = db.snapshot();
        var r = expect(0, ctl("user", "unsubscribe_all_from_instance", "bad.example"));
        assertEquals("""
                Unsubscribing a@bad.example from bad.example
                User a@bad.example already deactivated
                Successfully unsubscribed all local followers from a@bad.example
                Unsubscribing b@Bad.Example from bad.example
                User b@Bad.Example already deactivated
                Successfully unsubscribed all local followers from b@Bad.Example
                Unsubscribed 2 users from bad.example: removed 0 local follows
                """, r.err());
        assertEquals(before, db.snapshot());
    }

    /** A blocklist script runs it for many hosts; one nobody knows is not an error. */
    @Test
    void anInstanceWithNoUsersSaysSoAndExits0() {
        String before = db.snapshot();
        var r = expect(0, ctl("user", "unsubscribe_all_from_instance", "nowhere.example"));
        assertEquals("No users from nowhere.example: nothing to do\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"bad example", "a@bad.example", "bad.example/", "https://bad.example", "", " ",
            ".bad.example", "bad.example:", "bad.example:123456"})
    void aMalformedHostExits2AndChangesNothing(String host) {
        String before = db.snapshot();
        var r = expect(2, ctl("user", "unsubscribe_all_from_instance", host));
        assertEquals("ctl: invalid host \"" + host + "\": give the instance's host name, such as example.com\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aHostWithAPortOrInUnicodeIsAccepted() {
        expect(0, ctl("user", "unsubscribe_all_from_instance", "bad.example:8443"));
        expect(0, ctl("user", "unsubscribe_all_from_instance", "bücher.example"));
    }

    @Test
    void moreUsersThanAPageAreAllUnsubscribed() {
        sql().execute("insert into users (nickname, local, instance) "
                + "select 'u' || n || '@bad.example', false, 'bad.example' from generate_series(1, 1100) n");
        var r = expect(0, ctl("user", "unsubscribe_all_from_instance", "bad.example"));
        assertTrue(r.err().endsWith("\nUnsubscribed 1102 users from bad.example: removed 3 local follows\n"),
                () -> r.err().substring(r.err().length() - 300));
        assertEquals(1102, sql().fetchCount(USERS, org.jooq.impl.DSL.lower(USERS.INSTANCE).eq("bad.example").and(USERS.ACTIVATED.isFalse())
                .and(USERS.DELETED_AT.isNull())));
    }

    @Test
    void theKebabCaseSpellingIsAnAlias() {
        expect(0, ctl("user", "unsubscribe-all-from-instance", "bad.example"));
        assertEquals(FOLLOWS_LEFT, follows());
    }

    @Test
    void helpHasAnExample() {
        var r = expect(0, ctl("user", "unsubscribe_all_from_instance", "--help"));
        assertTrue(r.out().contains("Examples:\n  ctl user unsubscribe_all_from_instance bad.example"), r::toString);
    }
}
