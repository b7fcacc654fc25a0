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

class UserDeactivateTest extends CtlTest {
    private long alice;
    private long dave;
    private long bob;

    /** alice and dave are active, erin deactivated, bob remote, carol a deleted user's tombstone. */
    @BeforeEach
    void users() {
        UserRows.reset(sql());
        alice = UserRows.local(sql(), "alice");
        dave = UserRows.local(sql(), "dave");
        UserRows.local(sql(), "erin", u -> u.setActivated(false));
        bob = UserRows.remote(sql(), "bob");
        UserRows.tombstone(sql(), "carol");
    }

    private boolean activated(long id) {
        return UserRows.row(sql(), id).getActivated();
    }

    @Test
    void deactivatesAnActiveUser() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "deactivate", "alice"));
        assertEquals("Successfully deactivated alice\n", r.err());
        assertEquals("", r.out());
        assertFalse(activated(alice));
        assertEquals(NOW, UserRows.row(sql(), alice).getUpdatedAt().toInstant());
        assertTrue(activated(dave));
    }

    @Test
    void aDeactivatedUserSaysAlreadyDeactivatedAndChangesNothing() {
        String before = db.snapshot();
        var r = expect(0, ctl("user", "deactivate", "erin"));
        assertEquals("User erin already deactivated\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void runningItTwiceIsSafe() {
        expect(0, ctl("user", "deactivate", "alice"));
        var r = expect(0, ctl("user", "deactivate", "alice"));
        assertEquals("User alice already deactivated\n", r.err());
        assertFalse(activated(alice));
        assertEquals(1, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void disableIsAnAlias() {
        var r = expect(0, ctl("user", "disable", "alice"));
        assertEquals("Successfully deactivated alice\n", r.err());
        assertFalse(activated(alice));
        assertEquals("user.deactivate", onlyAudit(sql()).getOperation());
    }

    @Test
    void aRemoteUserCanBeDeactivated() {
        var r = expect(0, ctl("user", "deactivate", "bob@remote.example"));
        assertEquals("Successfully deactivated bob@remote.example\n", r.err());
        assertFalse(activated(bob));
    }

    @Test
    void findsTheUserByEmail() {
        var r = expect(0, ctl("user", "deactivate", "ALICE@example.com"));
        assertEquals("Successfully deactivated alice\n", r.err());
        assertFalse(activated(alice));
        assertTrue(activated(dave));
    }

    @Test
    void findsTheUserById() {
        var r = expect(0, ctl("user", "deactivate", String.valueOf(dave)));
        assertEquals("Successfully deactivated dave\n", r.err());
        assertFalse(activated(dave));
        assertTrue(activated(alice));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@example.com", "999999"})
    void anUnknownUserExits3AndChangesNothing(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "deactivate", ref));
        assertEquals("ctl: no user " + ref + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aDeletedUserIsNotFound() {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "deactivate", "carol"));
        assertEquals("ctl: no user carol\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunSaysSoAndChangesNothing() {
        String before = db.rows();
        var r = expect(0, ctl("user", "deactivate", "alice", "--dry-run"));
        assertEquals("Successfully deactivated alice (dry run)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void writesOneAuditEntry() {
        expect(0, ctl("user", "deactivate", "alice"));
        var audit = onlyAudit(sql());
        assertEquals("user.deactivate", audit.getOperation());
        assertEquals("update", audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertEquals(Map.of("activated", false), json(audit.getParameters().data()));
        assertEquals(Map.of("users", 1L), json(audit.getChanges().data()));
    }

    @Test
    void jsonPrintsTheUserAsLeft() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "deactivate", "alice", "--json"));
        assertEquals("Successfully deactivated alice\n", r.err());
        Map<String, Object> user = json(r.out());
        assertEquals("alice", user.get("nickname"));
        assertEquals(false, user.get("activated"));
        assertEquals(NOW, UserRows.instant(user.get("updated_at")));
    }

    @Test
    void dryRunJsonShowsWhatTheRealRunWouldLeave() {
        String before = db.rows();
        var r = expect(0, ctl("user", "deactivate", "alice", "--dry-run", "--json"));
        assertEquals(false, json(r.out()).get("activated"));
        assertEquals(before, db.rows());
        assertTrue(activated(alice));
    }
}
