package ctl.user;

import ctl.db.schema.tables.records.UsersRecord;
import ctl.testing.CtlTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.user.UserRows.CLOCK;
import static ctl.user.UserRows.LONG_AGO;
import static ctl.user.UserRows.NOW;
import static ctl.user.UserRows.json;
import static ctl.user.UserRows.onlyAudit;
import static org.junit.jupiter.api.Assertions.assertEquals;

class UserSetTest extends CtlTest {
    private long alice;
    private long dave;

    /**
     * alice and dave have the defaults (not moderator, not locked, not admin, confirmed);
     * erin is a locked admin; bob is remote; carol a deleted user's tombstone.
     */
    @BeforeEach
    void users() {
        UserRows.reset(sql());
        alice = UserRows.local(sql(), "alice");
        dave = UserRows.local(sql(), "dave");
        UserRows.local(sql(), "erin", u -> {
            u.setAdmin(true);
            u.setLocked(true);
        });
        UserRows.remote(sql(), "bob");
        UserRows.tombstone(sql(), "carol");
    }

    /** moderator, locked, admin, confirmed */
    private List<Boolean> states(long id) {
        UsersRecord u = UserRows.row(sql(), id);
        return List.of(u.getModerator(), u.getLocked(), u.getAdmin(), u.getConfirmed());
    }

    @Test
    void setsEveryGivenStateInOneGo() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "set", "alice", "--moderator", "--locked", "--admin", "--no-confirmed"));
        assertEquals("Moderator status of alice: true\n"
                + "Locked status of alice: true\n"
                + "Admin status of alice: true\n"
                + "Confirmation status of alice: false\n", r.err());
        assertEquals("", r.out());
        assertEquals(List.of(true, true, true, false), states(alice));
        assertEquals(NOW, UserRows.row(sql(), alice).getUpdatedAt().toInstant());
        assertEquals(List.of(false, false, false, true), states(dave));
    }

    @Test
    void writesOneAuditEntryForAllTheChanges() {
        expect(0, ctl("user", "set", "alice", "--moderator", "--locked", "--admin", "--no-confirmed"));
        var audit = onlyAudit(sql());
        assertEquals("user.set", audit.getOperation());
        assertEquals("update", audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertEquals(Map.of("moderator", true, "locked", true, "admin", true, "confirmed", false),
                json(audit.getParameters().data()));
        assertEquals(Map.of("users", 1L), json(audit.getChanges().data()));
    }

    @Test
    void statusLinesComeInPleromasOrderWhateverTheOrderGiven() {
        var r = expect(0, ctl("user", "set", "alice", "--no-confirmed", "--admin", "--no-locked", "--moderator"));
        assertEquals("Moderator status of alice: true\n"
                + "Locked status of alice: false\n"
                + "Admin status of alice: true\n"
                + "Confirmation status of alice: false\n", r.err());
    }

    @Test
    void statesAlreadySoSayTheirLineAndChangeNothing() {
        String before = db.snapshot();
        var r = expect(0, ctl("user", "set", "erin", "--no-moderator", "--locked", "--admin", "--confirmed"));
        assertEquals("Moderator status of erin: false\n"
                + "Locked status of erin: true\n"
                + "Admin status of erin: true\n"
                + "Confirmation status of erin: true\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aMixOfChangedAndUnchangedStatesAuditsOnlyTheChangedOnes() {
        var r = expect(0, ctl("user", "set", "erin", "--moderator", "--locked", "--no-admin", "--confirmed"));
        assertEquals("Moderator status of erin: true\n"
                + "Locked status of erin: true\n"
                + "Admin status of erin: false\n"
                + "Confirmation status of erin: true\n", r.err());
        var audit = onlyAudit(sql());
        assertEquals(Map.of("moderator", true, "admin", false), json(audit.getParameters().data()));
        assertEquals(Map.of("users", 1L), json(audit.getChanges().data()));
    }

    @Test
    void runningItTwiceIsSafe() {
        expect(0, ctl("user", "set", "alice", "--admin", "--no-confirmed"));
        String before = db.snapshot();
        var r = expect(0, ctl("user", "set", "alice", "--admin", "--no-confirmed"));
        assertEquals("Admin status of alice: true\nConfirmation status of alice: false\n", r.err());
        assertEquals(before, db.snapshot());
        assertEquals(1, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void withoutAnyOptionItExits2AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(2, ctl("user", "set", "alice"));
        assertEquals("ctl: nothing to set: give --[no-]moderator, --[no-]locked, --[no-]admin or --[no-]confirmed\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aRemoteUserExits4AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(4, ctl("user", "set", "bob@remote.example", "--admin"));
        assertEquals("ctl: bob@remote.example is a remote user: its account lives on remote.example\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void findsTheUserByEmail() {
        var r = expect(0, ctl("user", "set", "ALICE@example.com", "--moderator"));
        assertEquals("Moderator status of alice: true\n", r.err());
        assertEquals(List.of(true, false, false, true), states(alice));
        assertEquals(List.of(false, false, false, true), states(dave));
    }

    @Test
    void findsTheUserById() {
        var r = expect(0, ctl("user", "set", String.valueOf(dave), "--locked"));
        assertEquals("Locked status of dave: true\n", r.err());
        assertEquals(List.of(false, true, false, true), states(dave));
        assertEquals(List.of(false, false, false, true), states(alice));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@example.com", "999999"})
    void anUnknownUserExits3AndChangesNothing(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "set", ref, "--admin"));
        assertEquals("ctl: no user " + ref + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aDeletedUserIsNotFound() {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "set", "carol", "--admin"));
        assertEquals("ctl: no user carol\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunSaysSoAndChangesNothing() {
        String before = db.rows();
        var r = expect(0, ctl("user", "set", "alice", "--moderator", "--no-confirmed", "--dry-run"));
        assertEquals("Moderator status of alice: true (dry run)\nConfirmation status of alice: false (dry run)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void jsonPrintsTheUserAsLeft() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "set", "alice", "--admin", "--locked", "--json"));
        assertEquals("Locked status of alice: true\nAdmin status of alice: true\n", r.err());
        Map<String, Object> user = json(r.out());
        assertEquals("alice", user.get("nickname"));
        assertEquals(true, user.get("admin"));
        assertEquals(true, user.get("locked"));
        assertEquals(false, user.get("moderator"));
        assertEquals(NOW, UserRows.instant(user.get("updated_at")));
    }

    @Test
    void jsonOfAUserAlreadySoPrintsItUnchanged() {
        var r = expect(0, ctl("user", "set", "erin", "--admin", "--json"));
        Map<String, Object> user = json(r.out());
        assertEquals("erin", user.get("nickname"));
        assertEquals(true, user.get("admin"));
        assertEquals(LONG_AGO.toInstant(), UserRows.instant(user.get("updated_at")));
    }

    @Test
    void dryRunJsonShowsWhatTheRealRunWouldLeave() {
        String before = db.rows();
        var r = expect(0, ctl("user", "set", "alice", "--admin", "--no-confirmed", "--dry-run", "--json"));
        Map<String, Object> user = json(r.out());
        assertEquals(true, user.get("admin"));
        assertEquals(false, user.get("confirmed"));
        assertEquals(before, db.rows());
        assertEquals(List.of(false, false, false, true), states(alice));
    }
}
