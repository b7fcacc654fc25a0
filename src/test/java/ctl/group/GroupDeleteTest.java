package ctl.group;

import ctl.testing.CtlTest;
import ctl.testing.FakeTerminal;
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

class GroupDeleteTest extends CtlTest {
    /** staff (alice, bob) and ops (alice). */
    @BeforeEach
    void world() {
        Rows.reset(sql());
        long alice = Rows.user(sql(), "alice");
        long bob = Rows.user(sql(), "bob");
        long staff = Rows.group(sql(), "staff", "The people who run the site");
        long ops = Rows.group(sql(), "ops", null);
        Rows.member(sql(), staff, alice);
        Rows.member(sql(), staff, bob);
        Rows.member(sql(), ops, alice);
    }

    /** Deleted by someone else while the operator was asked: exit 3, and no audit entry saying it went twice. */
    @Test
    void aGroupDeletedWhileTheOperatorWasAskedExits3AndAuditsNothing() {
        var terminal = new ctl.base.Terminal() {
            @Override public boolean interactive() { return true; }
            @Override public String readLine(String prompt) {
                sql().execute("delete from groups where name = 'staff'");
                return "y";
            }
            @Override public char[] readPassword(String prompt) { return null; }
        };
        var r = expect(3, ctl().terminal(terminal).run("group", "delete", "staff"));
        assertEquals("ctl: no group staff\n", r.err());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void deleteWithYesRemovesTheGroupAndItsMembershipsButNeverTheUsers() {
        var r = expect(0, ctl("group", "delete", "staff", "-y"));
        assertEquals("Group staff deleted (2 memberships removed)\n", r.err());
        assertEquals("", r.out());
        assertEquals(List.of("ops"), Rows.groups(sql()));
        assertEquals(List.of("alice"), Rows.members(sql(), "ops"), "another group's memberships stay");
        assertEquals(2, sql().fetchCount(USERS));
    }

    @Test
    void deleteWritesOneAuditEntryCountingTheGroupAndItsMemberships() {
        expect(0, ctl("group", "delete", "staff", "-y"));
        var audit = Rows.onlyAudit(sql());
        assertEquals("group.delete", audit.getOperation());
        assertEquals("delete", audit.getActionKind());
        assertEquals("staff", audit.getTarget());
        assertEquals(Map.of("name", "staff"), Json.parse(audit.getParameters().data()));
        assertEquals(Map.of("groups", 1L, "memberships", 2L), Json.parse(audit.getChanges().data()));
    }

    @ParameterizedTest(name = "group {0}")
    @ValueSource(strings = {"rm", "remove"})
    void rmAndRemoveAreAliasesAuditedAsDelete(String alias) {
        var r = expect(0, ctl("group", alias, "staff", "-y"));
        assertEquals("Group staff deleted (2 memberships removed)\n", r.err());
        assertEquals(List.of("ops"), Rows.groups(sql()));
        assertEquals("group.delete", Rows.onlyAudit(sql()).getOperation());
    }

    @Test
    void theNameIsFoundWhateverItsCaseAndSaidAsStored() {
        var r = expect(0, ctl("group", "delete", "STAFF", "-y"));
        assertEquals("Group staff deleted (2 memberships removed)\n", r.err());
        assertEquals(List.of("ops"), Rows.groups(sql()));
    }

    @Test
    void onATerminalItAsksFirst() {
        var terminal = new FakeTerminal("y");
        var r = expect(0, ctl().terminal(terminal).run("group", "delete", "staff"));
        assertEquals(List.of("Delete group staff? [y/N] "), terminal.prompts);
        assertEquals("Group staff deleted (2 memberships removed)\n", r.err());
        assertEquals(List.of("ops"), Rows.groups(sql()));
    }

    @Test
    void declinedOnATerminalItExits1AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(1, ctl().terminal(new FakeTerminal("n")).run("group", "delete", "staff"));
        assertEquals("ctl: aborted, nothing changed\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void withoutYesAndWithoutATerminalItExits1AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(1, ctl("group", "delete", "staff"));
        assertEquals("ctl: confirmation needed: Delete group staff; rerun with -y to confirm without a terminal\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunCountsForRealChangesNoRowAndWritesNoAudit() {
        String before = db.rows();
        var r = expect(0, ctl("group", "delete", "staff", "-y", "--dry-run"));
        assertEquals("Group staff deleted (2 memberships removed) (dry run)\n", r.err());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void anUnknownGroupExits3WithoutAskingAndChangesNothing() {
        String before = db.snapshot();
        var terminal = new FakeTerminal("y");
        var r = expect(3, ctl().terminal(terminal).run("group", "delete", "nobody"));
        assertEquals("ctl: no group nobody\n", r.err());
        assertEquals(List.of(), terminal.prompts);
        assertEquals(before, db.snapshot());
    }

    @Test
    void anEmptyGroupIsDeletedToo() {
        Rows.group(sql(), "empty", null);
        var r = expect(0, ctl("group", "delete", "empty", "-y"));
        assertEquals("Group empty deleted (0 memberships removed)\n", r.err());
        assertEquals(List.of("ops", "staff"), Rows.groups(sql()));
    }

    @Test
    void helpShowsAnExampleAndTheAliases() {
        var r = expect(0, ctl("group", "delete", "--help"));
        assertTrue(r.out().contains("Examples:\n  ctl group delete old-team -y"), r::toString);
        var group = expect(0, ctl("group", "--help"));
        assertTrue(group.out().contains("delete, rm, remove"), group::toString);
    }
}
