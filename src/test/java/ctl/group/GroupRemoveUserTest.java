package ctl.group;

import ctl.model.Users;
import ctl.testing.CtlTest;
import ctl.testing.Json;

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

class GroupRemoveUserTest extends CtlTest {
    private long alice;

    /** Users alice, bob and carol; staff holds alice and bob, ops holds alice. */
    @BeforeEach
    void world() {
        GroupRows.reset(sql());
        alice = GroupRows.user(sql(), "alice");
        long bob = GroupRows.user(sql(), "bob");
        GroupRows.user(sql(), "carol");
        long staff = GroupRows.group(sql(), "staff", null);
        long ops = GroupRows.group(sql(), "ops", null);
        GroupRows.member(sql(), staff, alice);
        GroupRows.member(sql(), staff, bob);
        GroupRows.member(sql(), ops, alice);
    }

    @Test
    void removeUserSaysSoAndLeavesTheUserAndTheirOtherGroups() {
        var r = expect(0, ctl("group", "remove-user", "staff", "alice"));
        assertEquals("Removed alice from group staff\n", r.err());
        assertEquals("", r.out());
        assertEquals(List.of("bob"), GroupRows.members(sql(), "staff"));
        assertEquals(List.of("alice"), GroupRows.members(sql(), "ops"));
        assertEquals(1, sql().fetchCount(USERS, USERS.ID.eq(alice)));
    }

    @Test
    void removeUserWritesOneAuditEntryNamingTheUser() {
        expect(0, ctl("group", "remove-user", "staff", "alice"));
        var audit = GroupRows.onlyAudit(sql());
        assertEquals("group.remove-user", audit.getOperation());
        assertEquals("delete", audit.getActionKind());
        assertEquals("staff", audit.getTarget());
        assertEquals(Map.of("user", "alice"), Json.parse(audit.getParameters().data()));
        assertEquals(Map.of("memberships", 1L), Json.parse(audit.getChanges().data()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"alice", "alice@example.com", "ID"})
    void theUserIsNamedByNicknameEmailOrId(String ref) {
        String arg = ref.equals("ID") ? Long.toString(alice) : ref;
        var r = expect(0, ctl("group", "remove-user", "staff", arg));
        assertEquals("Removed alice from group staff\n", r.err());
        assertEquals(List.of("bob"), GroupRows.members(sql(), "staff"));
    }

    @Test
    void theGroupIsFoundWhateverItsCaseAndSaidAsStored() {
        var r = expect(0, ctl("group", "remove_user", "Staff", "alice"));
        assertEquals("Removed alice from group staff\n", r.err());
        assertEquals("group.remove-user", GroupRows.onlyAudit(sql()).getOperation());
    }

    @Test
    void removingANonMemberSaysSoExits0AndWritesNoAudit() {
        String before = db.snapshot();
        var r = expect(0, ctl("group", "remove-user", "staff", "carol"));
        assertEquals("User carol is already not in group staff\n", r.err());
        assertEquals(before, db.snapshot());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void dryRunSaysSoChangesNoRowAndWritesNoAudit() {
        String before = db.rows();
        var r = expect(0, ctl("group", "remove-user", "staff", "alice", "--dry-run"));
        assertEquals("Removed alice from group staff (dry run)\n", r.err());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void anUnknownGroupExits3AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(3, ctl("group", "remove-user", "nope", "alice"));
        assertEquals("ctl: no group nope\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@example.com", "999999"})
    void anUnknownUserExits3AndChangesNothing(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("group", "remove-user", "staff", ref));
        assertEquals("ctl: no user " + ref + "\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void helpShowsAnExample() {
        var r = expect(0, ctl("group", "remove-user", "--help"));
        assertTrue(r.out().contains("Examples:\n  ctl group remove-user staff alice"), r::toString);
    }
}
