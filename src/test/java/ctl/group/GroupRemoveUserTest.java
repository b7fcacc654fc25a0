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
import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupRemoveUserTest extends CtlTest {
    private long alice;

    /** Users alice, bob and carol; staff holds alice and bob, ops holds alice. */
    @BeforeEach
    void world() {
        Rows.reset(sql());
        alice = Rows.user(sql(), "alice");
        long bob = Rows.user(sql(), "bob");
        Rows.user(sql(), "carol");
        long staff = Rows.group(sql(), "staff", null);
        long ops = Rows.group(sql(), "ops", null);
        Rows.member(sql(), staff, alice);
        Rows.member(sql(), staff, bob);
        Rows.member(sql(), ops, alice);
    }

    @Test
    void removeUserSaysSoAndLeavesTheUserAndTheirOtherGroups() {
        var r = expect(0, ctl("group", "remove-user", "staff", "alice"));
        assertEquals("Removed alice from group staff\n", r.err());
        assertEquals("", r.out());
        assertEquals(List.of("bob"), Rows.members(sql(), "staff"));
        assertEquals(List.of("alice"), Rows.members(sql(), "ops"));
        assertEquals(1, sql().fetchCount(USERS, USERS.ID.eq(alice)));
    }

    @Test
    void removeUserWritesOneAuditEntryNamingTheUser() {
        expect(0, ctl("group", "remove-user", "staff", "alice"));
        var audit = Rows.onlyAudit(sql());
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
        assertEquals(List.of("bob"), Rows.members(sql(), "staff"));
    }

    @Test
    void theGroupIsFoundWhateverItsCaseAndSaidAsStored() {
        var r = expect(0, ctl("group", "remove_user", "Staff", "alice"));
        assertEquals("Removed alice from group staff\n", r.err());
        assertEquals("group.remove-user", Rows.onlyAudit(sql()).getOperation());
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
