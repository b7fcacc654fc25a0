package ctl.user.invite;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.INVITES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RevokeInviteTest extends CtlTest {
    @BeforeEach
    void invites() {
        Rows.reset(sql());
        sql().execute("""
                insert into invites (token, type, max_use, uses, expires_at, email, used, updated_at) values
                  ('tok1', 'one_time', null, 0, null, 'bob@example.com', false, '2026-01-01T00:00:00Z'),
                  ('tok2', 'reusable', 5, 1, null, 'BOB@example.com', false, '2026-01-01T00:00:00Z'),
                  ('tok3', 'one_time', null, 0, null, 'bob@example.com', true, '2026-01-01T00:00:00Z'),
                  ('tok4', 'date_limited', null, 0, '2020-01-01', 'bob@example.com', false, '2026-01-01T00:00:00Z'),
                  ('tok5', 'one_time', null, 0, null, 'other@example.com', false, '2026-01-01T00:00:00Z'),
                  ('2', 'one_time', null, 0, null, null, false, '2026-01-01T00:00:00Z')
                """);
    }

    /** The ids of the invites marked used, in order. */
    private List<Long> used() {
        return sql().select(INVITES.ID).from(INVITES).where(INVITES.USED.isTrue()).orderBy(INVITES.ID).fetch(INVITES.ID);
    }

    @Test
    void revokesByToken() {
        var r = expect(0, ctl("user", "revoke_invite", "tok1"));
        assertEquals("Invite for token tok1 was revoked.\n", r.err());
        assertEquals("", r.out());
        assertEquals(List.of(1L, 3L), used());
        assertTrue(sql().fetchSingle("select updated_at > '2026-01-01' from invites where id = 1").get(0, Boolean.class));
    }

    @Test
    void revokesById() {
        var r = expect(0, ctl("user", "revoke_invite", "5"));
        assertEquals("Invite for token tok5 was revoked.\n", r.err());
        assertEquals(List.of(3L, 5L), used());
    }

    @Test
    void aTokenMatchWinsOverAnId() {
        var r = expect(0, ctl("user", "revoke_invite", "2"));
        assertEquals("Invite for token 2 was revoked.\n", r.err());
        assertEquals(List.of(3L, 6L), used());
    }

    @Test
    void anEmailRevokesThatAddresssUsableInvitesCaseIgnored() {
        var r = expect(0, ctl("user", "revoke_invite", "Bob@Example.com"));
        assertEquals("Invite for token tok1 was revoked.\nInvite for token tok2 was revoked.\n", r.err());
        // tok3 was revoked already; tok4 expired and is left as it is
        assertEquals(List.of(1L, 2L, 3L), used());
        var audit = sql().selectFrom(AUDIT_LOG).fetchSingle();
        assertEquals("Bob@Example.com", audit.getTarget());
        assertEquals("{\"invites\": 2}", audit.getChanges().data());
        assertTrue(audit.getParameters().data().contains("\"ids\": [1, 2]"), audit.getParameters().data());
    }

    @Test
    void anEmailWithNoUsableInviteLeftSaysSoAndExits0() {
        expect(0, ctl("user", "revoke_invite", "bob@example.com"));
        String before = db.snapshot();
        var r = expect(0, ctl("user", "revoke_invite", "bob@example.com"));
        assertEquals("No usable invite for bob@example.com: already revoked, used up or expired\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void revokingTwiceSaysAlreadyAndExits0() {
        expect(0, ctl("user", "revoke_invite", "tok1"));
        String before = db.snapshot();
        var r = expect(0, ctl("user", "revoke-invite", "tok1"));
        assertEquals("Invite for token tok1 was already revoked\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
        assertEquals(1, sql().fetchCount(AUDIT_LOG));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "999", "nobody@example.com"})
    void anUnknownInviteExits3AndChangesNothing(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "revoke_invite", ref));
        assertEquals("ctl: no invite " + ref + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void theAuditEntryNamesTheInviteButNotItsToken() {
        expect(0, ctl("user", "revoke_invite", "tok5"));
        var audit = sql().selectFrom(AUDIT_LOG).fetchSingle();
        assertEquals("user.revoke_invite", audit.getOperation());
        assertEquals("update", audit.getActionKind());
        assertEquals("invite 5", audit.getTarget());
        assertEquals("{\"ids\": [5]}", audit.getParameters().data());
        assertFalse(audit.getParameters().data().contains("tok5"));
        assertEquals("{\"invites\": 1}", audit.getChanges().data());
    }

    @Test
    void dryRunSaysSoAndChangesNothing() {
        String before = db.rows();
        var r = expect(0, ctl("user", "revoke_invite", "bob@example.com", "--dry-run"));
        assertEquals("Invite for token tok1 was revoked. (dry run)\nInvite for token tok2 was revoked. (dry run)\n", r.err());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void withoutAnArgumentItExits2() {
        var r = expect(2, ctl("user", "revoke_invite"));
        assertEquals("ctl: missing required parameter: 'TOKEN_OR_ID' (see `ctl user revoke_invite --help`)\n", r.err());
    }

    @Test
    void helpHasAnExample() {
        var r = expect(0, ctl("user", "revoke-invite", "--help"));
        assertTrue(r.out().contains("\nExamples:\n  ctl user revoke_invite"), r::toString);
    }
}
