package ctl.group;

import ctl.model.Users;
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
import static ctl.db.schema.Tables.GROUP_MEMBERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupAddUserTest extends CtlTest {
    private long alice;

    /** Users alice, bob and the tombstone of gone; group staff with bob in it. */
    @BeforeEach
    void world() {
        Rows.reset(sql());
        alice = Rows.user(sql(), "alice");
        long bob = Rows.user(sql(), "bob");
        Rows.tombstone(sql(), "gone");
        long staff = Rows.group(sql(), "staff", null);
        Rows.member(sql(), staff, bob);
    }

    @Test
    void addUserSaysSoAndLeavesTheMembership() {
        var r = expect(0, ctl("group", "add-user", "staff", "alice"));
        assertEquals("Added alice to group staff\n", r.err());
        assertEquals("", r.out());
        assertEquals(List.of("alice", "bob"), Rows.members(sql(), "staff"));
    }

    @Test
    void addUserWritesOneAuditEntryNamingTheUser() {
        expect(0, ctl("group", "add-user", "staff", "alice"));
        var audit = Rows.onlyAudit(sql());
        assertEquals("group.add-user", audit.getOperation());
        assertEquals("update", audit.getActionKind());
        assertEquals("staff", audit.getTarget());
        assertEquals(Map.of("user", "alice"), Json.parse(audit.getParameters().data()));
        assertEquals(Map.of("memberships", 1L), Json.parse(audit.getChanges().data()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"alice", "alice@example.com", "ID"})
    void theUserIsNamedByNicknameEmailOrId(String ref) {
        String arg = ref.equals("ID") ? Long.toString(alice) : ref;
        var r = expect(0, ctl("group", "add-user", "staff", arg));
        assertEquals("Added alice to group staff\n", r.err());
        assertEquals(List.of("alice", "bob"), Rows.members(sql(), "staff"));
    }

    @Test
    void theGroupIsFoundWhateverItsCaseAndSaidAsStored() {
        var r = expect(0, ctl("group", "add-user", "STAFF", "alice"));
        assertEquals("Added alice to group staff\n", r.err());
        assertEquals("staff", Rows.onlyAudit(sql()).getTarget());
    }

    @Test
    void addingAMemberTwiceSaysAlreadyExits0AndWritesNoAudit() {
        String before = db.snapshot();
        var r = expect(0, ctl("group", "add-user", "staff", "bob"));
        assertEquals("User bob is already in group staff\n", r.err());
        assertEquals(before, db.snapshot());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void dryRunSaysSoChangesNoRowAndWritesNoAudit() {
        String before = db.rows();
        var r = expect(0, ctl("group", "add-user", "staff", "alice", "--dry-run"));
        assertEquals("Added alice to group staff (dry run)\n", r.err());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void addUnderscoreUserIsTheSameTask() {
        var r = expect(0, ctl("group", "add_user", "staff", "alice"));
        assertEquals("Added alice to group staff\n", r.err());
        assertEquals("group.add-user", Rows.onlyAudit(sql()).getOperation());
    }

    @Test
    void anUnknownGroupExits3AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(3, ctl("group", "add-user", "nope", "alice"));
        assertEquals("ctl: no group nope\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@example.com", "999999", "gone"})
    void anUnknownOrDeletedUserExits3AndChangesNothing(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("group", "add-user", "staff", ref));
        assertEquals("ctl: no user " + ref + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void withoutAUserItExits2AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(2, ctl("group", "add-user", "staff"));
        assertEquals("ctl: missing required parameter: 'USER' (see `ctl group add-user --help`)\n", r.err());
        assertEquals(before, db.snapshot());
        assertEquals(0, sql().fetchCount(GROUP_MEMBERS, GROUP_MEMBERS.USER_ID.eq(alice)));
    }

    @Test
    void helpShowsAnExample() {
        var r = expect(0, ctl("group", "add-user", "--help"));
        assertTrue(r.out().contains("Examples:\n  ctl group add-user staff alice"), r::toString);
    }
}
