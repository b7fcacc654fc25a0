package ctl.user;

import ctl.testing.CtlTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.user.UserRows.CLOCK;
import static ctl.user.UserRows.LONG_AGO;
import static ctl.user.UserRows.NOW;
import static ctl.user.UserRows.json;
import static ctl.user.UserRows.onlyAudit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserActivateTest extends CtlTest {
    private long alice;
    private long dave;

    /** alice and dave are deactivated, erin active, carol a deleted user's tombstone. */
    @BeforeEach
    void users() {
        UserRows.reset(sql());
        alice = UserRows.local(sql(), "alice", u -> u.setActivated(false));
        dave = UserRows.local(sql(), "dave", u -> u.setActivated(false));
        UserRows.local(sql(), "erin");
        UserRows.tombstone(sql(), "carol");
    }

    private boolean activated(long id) {
        return UserRows.row(sql(), id).getActivated();
    }

    @Test
    void activatesADeactivatedUser() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "activate", "alice"));
        assertEquals("Successfully activated alice\n", r.err());
        assertEquals("", r.out());
        assertTrue(activated(alice));
        assertEquals(NOW, UserRows.row(sql(), alice).getUpdatedAt().toInstant());
        assertFalse(activated(dave));
    }

    @Test
    void anActiveUserSaysAlreadyActivatedAndChangesNothing() {
        String before = db.snapshot();
        var r = expect(0, ctl("user", "activate", "erin"));
        assertEquals("User erin already activated\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void runningItTwiceIsSafe() {
        expect(0, ctl("user", "activate", "alice"));
        var r = expect(0, ctl("user", "activate", "alice"));
        assertEquals("User alice already activated\n", r.err());
        assertTrue(activated(alice));
        assertEquals(1, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void enableIsAnAlias() {
        var r = expect(0, ctl("user", "enable", "alice"));
        assertEquals("Successfully activated alice\n", r.err());
        assertTrue(activated(alice));
        assertEquals("user.activate", onlyAudit(sql()).getOperation());
    }

    @Test
    void findsTheUserByEmail() {
        var r = expect(0, ctl("user", "activate", "ALICE@example.com"));
        assertEquals("Successfully activated alice\n", r.err());
        assertTrue(activated(alice));
        assertFalse(activated(dave));
    }

    @Test
    void findsTheUserById() {
        var r = expect(0, ctl("user", "activate", String.valueOf(dave)));
        assertEquals("Successfully activated dave\n", r.err());
        assertTrue(activated(dave));
        assertFalse(activated(alice));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@example.com", "999999"})
    void anUnknownUserExits3AndChangesNothing(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "activate", ref));
        assertEquals("ctl: no user " + ref + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aDeletedUserIsNotFound() {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "activate", "carol"));
        assertEquals("ctl: no user carol\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunSaysSoAndChangesNothing() {
        String before = db.rows();
        var r = expect(0, ctl("user", "activate", "alice", "--dry-run"));
        assertEquals("Successfully activated alice (dry run)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void writesOneAuditEntry() {
        expect(0, ctl("user", "activate", "alice"));
        var audit = onlyAudit(sql());
        assertEquals("user.activate", audit.getOperation());
        assertEquals("update", audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertEquals(Map.of("activated", true), json(audit.getParameters().data()));
        assertEquals(Map.of("users", 1L), json(audit.getChanges().data()));
    }

    @Test
    void jsonPrintsTheUserAsLeft() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "activate", "alice", "--json"));
        assertEquals("Successfully activated alice\n", r.err());
        Map<String, Object> user = json(r.out());
        assertEquals("alice", user.get("nickname"));
        assertEquals(true, user.get("activated"));
        assertEquals(NOW, UserRows.instant(user.get("updated_at")));
        assertFalse(r.out().contains("password"), r::toString);
    }

    @Test
    void jsonOfAnActiveUserPrintsItUnchanged() {
        var r = expect(0, ctl("user", "activate", "erin", "--json"));
        Map<String, Object> user = json(r.out());
        assertEquals("erin", user.get("nickname"));
        assertEquals(true, user.get("activated"));
        assertEquals(LONG_AGO.toInstant(), UserRows.instant(user.get("updated_at")));
    }

    @Test
    void dryRunJsonShowsWhatTheRealRunWouldLeave() {
        String before = db.rows();
        var r = expect(0, ctl("user", "activate", "alice", "--dry-run", "--json"));
        assertEquals(true, json(r.out()).get("activated"));
        assertEquals(before, db.rows());
        assertFalse(activated(alice));
    }
}
