package ctl.user;

import ctl.db.schema.tables.records.UsersRecord;
import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static ctl.testing.Rows.LONG_AGO;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What is set's own; the one-user contract is {@link OneUserContractTest}'s. */
class UserSetTest extends CtlTest {
    private long alice;
    private long dave;

    /** alice and dave have the defaults (not moderator, not locked, not admin, confirmed); erin is a locked admin. */
    @BeforeEach
    void users() {
        Rows.reset(sql());
        alice = Rows.user(sql(), "alice");
        dave = Rows.user(sql(), "dave");
        Rows.user(sql(), "erin", u -> {
            u.setAdmin(true);
            u.setLocked(true);
        });
    }

    /** moderator, locked, admin, confirmed */
    private List<Boolean> states(long id) {
        UsersRecord u = Rows.row(sql(), id);
        return List.of(u.getModerator(), u.getLocked(), u.getAdmin(), u.getConfirmed());
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
    void onlyTheStatesGivenChange() {
        var r = expect(0, ctl("user", "set", "ALICE@example.com", "--moderator"));
        assertEquals("Moderator status of alice: true\n", r.err());
        assertEquals(List.of(true, false, false, true), states(alice));
        r = expect(0, ctl("user", "set", String.valueOf(dave), "--locked"));
        assertEquals("Locked status of dave: true\n", r.err());
        assertEquals(List.of(false, true, false, true), states(dave));
    }

    @Test
    void statesAlreadySoSayTheirLineAndChangeNothing() {
        assertChangesNothing(0, "Moderator status of erin: false\n"
                + "Locked status of erin: true\n"
                + "Admin status of erin: true\n"
                + "Confirmation status of erin: true\n", "user", "set", "erin", "--no-moderator", "--locked", "--admin", "--confirmed");
    }

    @Test
    void aMixOfChangedAndUnchangedStatesAuditsOnlyTheChangedOnes() {
        var r = expect(0, ctl("user", "set", "erin", "--moderator", "--locked", "--no-admin", "--confirmed"));
        assertEquals("Moderator status of erin: true\n"
                + "Locked status of erin: true\n"
                + "Admin status of erin: false\n"
                + "Confirmation status of erin: true\n", r.err());
        var audit = Rows.onlyAudit(sql());
        assertEquals(Map.of("moderator", true, "admin", false), Json.object(audit.getParameters().data()));
        assertEquals(Map.of("users", 1L), Json.object(audit.getChanges().data()));
    }

    @Test
    void withoutAnyOptionItExits2AndChangesNothing() {
        assertChangesNothing(2,
                "ctl: nothing to set: give --[no-]moderator, --[no-]locked, --[no-]admin or --[no-]confirmed\n",
                "user", "set", "alice");
    }

    @Test
    void jsonShowsTheStatesNotGivenAsTheyAre() {
        var r = expect(0, ctl("user", "set", "alice", "--admin", "--locked", "--json"));
        assertEquals("Locked status of alice: true\nAdmin status of alice: true\n", r.err());
        Map<String, Object> user = Json.object(r.out());
        assertEquals(List.of(false, true, true, true),
                List.of(user.get("moderator"), user.get("locked"), user.get("admin"), user.get("confirmed")));
    }

    @Test
    void jsonOfAUserAlreadySoPrintsItUnchanged() {
        var r = expect(0, ctl("user", "set", "erin", "--admin", "--json"));
        Map<String, Object> user = Json.object(r.out());
        assertEquals("erin", user.get("nickname"));
        assertEquals(true, user.get("admin"));
        assertEquals(LONG_AGO.toInstant(), Json.time(user.get("updated_at")));
    }
}
