package ctl.user;

import ctl.testing.CtlTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.user.UserRows.CLOCK;
import static ctl.user.UserRows.NOW;
import static ctl.user.UserRows.json;
import static ctl.user.UserRows.onlyAudit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserToggleActivatedTest extends CtlTest {
    private long alice;
    private long dave;

    /** alice and dave are active, carol a deleted user's tombstone. */
    @BeforeEach
    void users() {
        UserRows.reset(sql());
        alice = UserRows.local(sql(), "alice");
        dave = UserRows.local(sql(), "dave");
        UserRows.tombstone(sql(), "carol");
    }

    private boolean activated(long id) {
        return UserRows.row(sql(), id).getActivated();
    }

    @Test
    void deactivatesAnActiveUser() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "toggle_activated", "alice"));
        assertEquals("Activation status of alice: deactivated\n", r.err());
        assertEquals("", r.out());
        assertFalse(activated(alice));
        assertEquals(NOW, UserRows.row(sql(), alice).getUpdatedAt().toInstant());
        assertTrue(activated(dave));
    }

    @Test
    void flipsBackAndForth() {
        assertEquals("Activation status of alice: deactivated\n", expect(0, ctl("user", "toggle_activated", "alice")).err());
        assertFalse(activated(alice));
        assertEquals("Activation status of alice: activated\n", expect(0, ctl("user", "toggle_activated", "alice")).err());
        assertTrue(activated(alice));
        assertEquals("Activation status of alice: deactivated\n", expect(0, ctl("user", "toggle_activated", "alice")).err());
        assertFalse(activated(alice));
        assertEquals(List.of("{\"activated\": false}", "{\"activated\": true}", "{\"activated\": false}"),
                sql().select(AUDIT_LOG.PARAMETERS).from(AUDIT_LOG).orderBy(AUDIT_LOG.ID).fetch(r -> r.value1().data()));
    }

    @Test
    void theKebabCaseSpellingRunsTheSameTask() {
        var r = expect(0, ctl("user", "toggle-activated", "alice"));
        assertEquals("Activation status of alice: deactivated\n", r.err());
        assertFalse(activated(alice));
        assertEquals("user.toggle_activated", onlyAudit(sql()).getOperation());
    }

    @Test
    void findsTheUserByEmail() {
        var r = expect(0, ctl("user", "toggle_activated", "ALICE@example.com"));
        assertEquals("Activation status of alice: deactivated\n", r.err());
        assertFalse(activated(alice));
        assertTrue(activated(dave));
    }

    @Test
    void findsTheUserById() {
        var r = expect(0, ctl("user", "toggle_activated", String.valueOf(dave)));
        assertEquals("Activation status of dave: deactivated\n", r.err());
        assertFalse(activated(dave));
        assertTrue(activated(alice));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@example.com", "999999"})
    void anUnknownUserExits3AndChangesNothing(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "toggle_activated", ref));
        assertEquals("ctl: no user " + ref + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aDeletedUserIsNotFound() {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "toggle_activated", "carol"));
        assertEquals("ctl: no user carol\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunSaysSoAndChangesNothing() {
        String before = db.rows();
        var r = expect(0, ctl("user", "toggle_activated", "alice", "--dry-run"));
        assertEquals("Activation status of alice: deactivated (dry run)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void writesOneAuditEntryWithTheNewState() {
        expect(0, ctl("user", "toggle_activated", "alice"));
        var audit = onlyAudit(sql());
        assertEquals("user.toggle_activated", audit.getOperation());
        assertEquals("update", audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertEquals(Map.of("activated", false), json(audit.getParameters().data()));
        assertEquals(Map.of("users", 1L), json(audit.getChanges().data()));
    }

    @Test
    void jsonPrintsTheUserAsLeft() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "toggle_activated", "alice", "--json"));
        assertEquals("Activation status of alice: deactivated\n", r.err());
        Map<String, Object> user = json(r.out());
        assertEquals("alice", user.get("nickname"));
        assertEquals(false, user.get("activated"));
        assertEquals(NOW, UserRows.instant(user.get("updated_at")));
    }

    @Test
    void dryRunJsonShowsWhatTheRealRunWouldLeave() {
        String before = db.rows();
        var r = expect(0, ctl("user", "toggle_activated", "alice", "--dry-run", "--json"));
        assertEquals(false, json(r.out()).get("activated"));
        assertEquals(before, db.rows());
        assertTrue(activated(alice));
    }
}
