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

class UserUnconfirmTest extends CtlTest {
    private long alice;
    private long dave;

    /** alice and dave are confirmed, erin unconfirmed, carol a confirmed user's tombstone. */
    @BeforeEach
    void users() {
        UserRows.reset(sql());
        alice = UserRows.local(sql(), "alice");
        dave = UserRows.local(sql(), "dave");
        UserRows.local(sql(), "erin", u -> u.setConfirmed(false));
        UserRows.tombstone(sql(), "carol");
    }

    private boolean confirmed(long id) {
        return UserRows.row(sql(), id).getConfirmed();
    }

    @Test
    void unconfirmsAConfirmedUser() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "unconfirm", "alice"));
        assertEquals("alice needs confirmation.\n", r.err());
        assertEquals("", r.out());
        assertFalse(confirmed(alice));
        assertEquals(NOW, UserRows.row(sql(), alice).getUpdatedAt().toInstant());
        assertTrue(confirmed(dave));
    }

    @Test
    void anUnconfirmedUserSaysAlreadyUnconfirmedAndChangesNothing() {
        String before = db.snapshot();
        var r = expect(0, ctl("user", "unconfirm", "erin"));
        assertEquals("User erin already unconfirmed\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void runningItTwiceIsSafe() {
        expect(0, ctl("user", "unconfirm", "alice"));
        var r = expect(0, ctl("user", "unconfirm", "alice"));
        assertEquals("User alice already unconfirmed\n", r.err());
        assertFalse(confirmed(alice));
        assertEquals(1, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void findsTheUserByEmail() {
        var r = expect(0, ctl("user", "unconfirm", "ALICE@example.com"));
        assertEquals("alice needs confirmation.\n", r.err());
        assertFalse(confirmed(alice));
        assertTrue(confirmed(dave));
    }

    @Test
    void findsTheUserById() {
        var r = expect(0, ctl("user", "unconfirm", String.valueOf(dave)));
        assertEquals("dave needs confirmation.\n", r.err());
        assertFalse(confirmed(dave));
        assertTrue(confirmed(alice));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@example.com", "999999"})
    void anUnknownUserExits3AndChangesNothing(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "unconfirm", ref));
        assertEquals("ctl: no user " + ref + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aDeletedUserIsNotFound() {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "unconfirm", "carol"));
        assertEquals("ctl: no user carol\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunSaysSoAndChangesNothing() {
        String before = db.rows();
        var r = expect(0, ctl("user", "unconfirm", "alice", "--dry-run"));
        assertEquals("alice needs confirmation. (dry run)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void writesOneAuditEntry() {
        expect(0, ctl("user", "unconfirm", "alice"));
        var audit = onlyAudit(sql());
        assertEquals("user.unconfirm", audit.getOperation());
        assertEquals("update", audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertEquals(Map.of("confirmed", false), json(audit.getParameters().data()));
        assertEquals(Map.of("users", 1L), json(audit.getChanges().data()));
    }

    @Test
    void jsonPrintsTheUserAsLeft() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "unconfirm", "alice", "--json"));
        assertEquals("alice needs confirmation.\n", r.err());
        Map<String, Object> user = json(r.out());
        assertEquals("alice", user.get("nickname"));
        assertEquals(false, user.get("confirmed"));
        assertEquals(NOW, UserRows.instant(user.get("updated_at")));
    }

    @Test
    void dryRunJsonShowsWhatTheRealRunWouldLeave() {
        String before = db.rows();
        var r = expect(0, ctl("user", "unconfirm", "alice", "--dry-run", "--json"));
        assertEquals(false, json(r.out()).get("confirmed"));
        assertEquals(before, db.rows());
        assertTrue(confirmed(alice));
    }
}
