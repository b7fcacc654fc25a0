package ctl.user;

import ctl.testing.CtlTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.user.UserRows.CLOCK;
import static ctl.user.UserRows.NOW;
import static ctl.user.UserRows.json;
import static ctl.user.UserRows.onlyAudit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserConfirmTest extends CtlTest {
    private long alice;
    private long dave;

    /** alice and dave are unconfirmed, erin confirmed, carol an unconfirmed user's tombstone. */
    @BeforeEach
    void users() {
        UserRows.reset(sql());
        alice = UserRows.local(sql(), "alice", u -> u.setConfirmed(false));
        dave = UserRows.local(sql(), "dave", u -> u.setConfirmed(false));
        UserRows.local(sql(), "erin");
        long carol = UserRows.tombstone(sql(), "carol");
        sql().execute("update users set confirmed = false where id = ?", carol);
    }

    private boolean confirmed(long id) {
        return UserRows.row(sql(), id).getConfirmed();
    }

    @Test
    void confirmsAnUnconfirmedUser() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "confirm", "alice"));
        assertEquals("alice doesn't need confirmation.\n", r.err());
        assertEquals("", r.out());
        assertTrue(confirmed(alice));
        assertEquals(NOW, UserRows.row(sql(), alice).getUpdatedAt().toInstant());
        assertFalse(confirmed(dave));
    }

    @Test
    void aConfirmedUserSaysAlreadyConfirmedAndChangesNothing() {
        String before = db.snapshot();
        var r = expect(0, ctl("user", "confirm", "erin"));
        assertEquals("User erin already confirmed\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void runningItTwiceIsSafe() {
        expect(0, ctl("user", "confirm", "alice"));
        var r = expect(0, ctl("user", "confirm", "alice"));
        assertEquals("User alice already confirmed\n", r.err());
        assertTrue(confirmed(alice));
        assertEquals(1, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void findsTheUserByEmail() {
        var r = expect(0, ctl("user", "confirm", "ALICE@example.com"));
        assertEquals("alice doesn't need confirmation.\n", r.err());
        assertTrue(confirmed(alice));
        assertFalse(confirmed(dave));
    }

    @Test
    void findsTheUserById() {
        var r = expect(0, ctl("user", "confirm", String.valueOf(dave)));
        assertEquals("dave doesn't need confirmation.\n", r.err());
        assertTrue(confirmed(dave));
        assertFalse(confirmed(alice));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@example.com", "999999"})
    void anUnknownUserExits3AndChangesNothing(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "confirm", ref));
        assertEquals("ctl: no user " + ref + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aDeletedUserIsNotFound() {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "confirm", "carol"));
        assertEquals("ctl: no user carol\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunSaysSoAndChangesNothing() {
        String before = db.rows();
        var r = expect(0, ctl("user", "confirm", "alice", "--dry-run"));
        assertEquals("alice doesn't need confirmation. (dry run)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void writesOneAuditEntry() {
        expect(0, ctl("user", "confirm", "alice"));
        var audit = onlyAudit(sql());
        assertEquals("user.confirm", audit.getOperation());
        assertEquals("update", audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertEquals(Map.of("confirmed", true), json(audit.getParameters().data()));
        assertEquals(Map.of("users", 1L), json(audit.getChanges().data()));
    }

    @Test
    void jsonPrintsTheUserAsLeft() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "confirm", "alice", "--json"));
        assertEquals("alice doesn't need confirmation.\n", r.err());
        Map<String, Object> user = json(r.out());
        assertEquals("alice", user.get("nickname"));
        assertEquals(true, user.get("confirmed"));
        assertEquals(NOW, UserRows.instant(user.get("updated_at")));
    }

    @Test
    void dryRunJsonShowsWhatTheRealRunWouldLeave() {
        String before = db.rows();
        var r = expect(0, ctl("user", "confirm", "alice", "--dry-run", "--json"));
        assertEquals(true, json(r.out()).get("confirmed"));
        assertEquals(before, db.rows());
        assertFalse(confirmed(alice));
    }
}
