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

class UserToggleConfirmedTest extends CtlTest {
    private long alice;
    private long dave;

    /** alice and dave are confirmed, carol a confirmed user's tombstone. */
    @BeforeEach
    void users() {
        UserRows.reset(sql());
        alice = UserRows.local(sql(), "alice");
        dave = UserRows.local(sql(), "dave");
        UserRows.tombstone(sql(), "carol");
    }

    private boolean confirmed(long id) {
        return UserRows.row(sql(), id).getConfirmed();
    }

    @Test
    void unconfirmsAConfirmedUser() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "toggle_confirmed", "alice"));
        assertEquals("alice needs confirmation.\n", r.err());
        assertEquals("", r.out());
        assertFalse(confirmed(alice));
        assertEquals(NOW, UserRows.row(sql(), alice).getUpdatedAt().toInstant());
        assertTrue(confirmed(dave));
    }

    @Test
    void flipsBackAndForth() {
        assertEquals("alice needs confirmation.\n", expect(0, ctl("user", "toggle_confirmed", "alice")).err());
        assertFalse(confirmed(alice));
        assertEquals("alice doesn't need confirmation.\n", expect(0, ctl("user", "toggle_confirmed", "alice")).err());
        assertTrue(confirmed(alice));
        assertEquals("alice needs confirmation.\n", expect(0, ctl("user", "toggle_confirmed", "alice")).err());
        assertFalse(confirmed(alice));
        assertEquals(List.of("{\"confirmed\": false}", "{\"confirmed\": true}", "{\"confirmed\": false}"),
                sql().select(AUDIT_LOG.PARAMETERS).from(AUDIT_LOG).orderBy(AUDIT_LOG.ID).fetch(r -> r.value1().data()));
    }

    @Test
    void theKebabCaseSpellingRunsTheSameTask() {
        var r = expect(0, ctl("user", "toggle-confirmed", "alice"));
        assertEquals("alice needs confirmation.\n", r.err());
        assertFalse(confirmed(alice));
        assertEquals("user.toggle_confirmed", onlyAudit(sql()).getOperation());
    }

    @Test
    void findsTheUserByEmail() {
        var r = expect(0, ctl("user", "toggle_confirmed", "ALICE@example.com"));
        assertEquals("alice needs confirmation.\n", r.err());
        assertFalse(confirmed(alice));
        assertTrue(confirmed(dave));
    }

    @Test
    void findsTheUserById() {
        var r = expect(0, ctl("user", "toggle_confirmed", String.valueOf(dave)));
        assertEquals("dave needs confirmation.\n", r.err());
        assertFalse(confirmed(dave));
        assertTrue(confirmed(alice));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@example.com", "999999"})
    void anUnknownUserExits3AndChangesNothing(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "toggle_confirmed", ref));
        assertEquals("ctl: no user " + ref + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aDeletedUserIsNotFound() {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "toggle_confirmed", "carol"));
        assertEquals("ctl: no user carol\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunSaysSoAndChangesNothing() {
        String before = db.rows();
        var r = expect(0, ctl("user", "toggle_confirmed", "alice", "--dry-run"));
        assertEquals("alice needs confirmation. (dry run)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void writesOneAuditEntryWithTheNewState() {
        expect(0, ctl("user", "toggle_confirmed", "alice"));
        var audit = onlyAudit(sql());
        assertEquals("user.toggle_confirmed", audit.getOperation());
        assertEquals("update", audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertEquals(Map.of("confirmed", false), json(audit.getParameters().data()));
        assertEquals(Map.of("users", 1L), json(audit.getChanges().data()));
    }

    @Test
    void jsonPrintsTheUserAsLeft() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "toggle_confirmed", "alice", "--json"));
        assertEquals("alice needs confirmation.\n", r.err());
        Map<String, Object> user = json(r.out());
        assertEquals("alice", user.get("nickname"));
        assertEquals(false, user.get("confirmed"));
        assertEquals(NOW, UserRows.instant(user.get("updated_at")));
    }

    @Test
    void dryRunJsonShowsWhatTheRealRunWouldLeave() {
        String before = db.rows();
        var r = expect(0, ctl("user", "toggle_confirmed", "alice", "--dry-run", "--json"));
        assertEquals(false, json(r.out()).get("confirmed"));
        assertEquals(before, db.rows());
        assertTrue(confirmed(alice));
    }
}
