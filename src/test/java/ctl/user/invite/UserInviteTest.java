package ctl.user.invite;

import ctl.db.schema.tables.records.InvitesRecord;
import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.INVITES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserInviteTest extends CtlTest {
    /** The last second of 2026-03-10 in UTC. */
    private static final Clock LATE_ON_MARCH_10 = Clock.fixed(Instant.parse("2026-03-10T23:59:59Z"), ZoneOffset.UTC);

    @BeforeEach
    void noInvites() {
        Rows.reset(sql());
    }

    private InvitesRecord onlyInvite() {
        return sql().selectFrom(INVITES).fetchSingle();
    }

    @Test
    void withNoOptionsItIsOneTimeAndPrintsTheLink() {
        var r = expect(0, ctl("user", "invite"));
        assertEquals("Generated user invite token one time\n", r.err());
        var invite = onlyInvite();
        assertEquals("one_time", invite.getType());
        assertNull(invite.getMaxUse());
        assertNull(invite.getExpiresAt());
        assertNull(invite.getEmail());
        assertEquals(0, invite.getUses());
        assertFalse(invite.getUsed());
        assertTrue(invite.getToken().matches("[A-Za-z0-9_-]{43}"), invite.getToken());
        assertEquals("http://localhost:4000/registration/" + invite.getToken() + "\n", r.out());
    }

    @Test
    void maxUseMakesItReusable() {
        var r = expect(0, ctl("user", "invite", "--max-use", "5"));
        assertEquals("Generated user invite token reusable\n", r.err());
        var invite = onlyInvite();
        assertEquals("reusable", invite.getType());
        assertEquals(5, invite.getMaxUse());
        assertNull(invite.getExpiresAt());
    }

    @Test
    void expiresAtMakesItDateLimited() {
        var r = expect(0, ctl("user", "invite", "--expires-at", "2099-12-31"));
        assertEquals("Generated user invite token date limited\n", r.err());
        var invite = onlyInvite();
        assertEquals("date_limited", invite.getType());
        assertNull(invite.getMaxUse());
        assertEquals(LocalDate.of(2099, 12, 31), invite.getExpiresAt());
    }

    @Test
    void bothMakeItReusableDateLimited() {
        var r = expect(0, ctl("user", "invite", "--max-use", "3", "--expires-at", "2099-01-02", "--email", "bob@example.com"));
        assertEquals("Generated user invite token reusable date limited\n", r.err());
        var invite = onlyInvite();
        assertEquals("reusable_date_limited", invite.getType());
        assertEquals(3, invite.getMaxUse());
        assertEquals(LocalDate.of(2099, 1, 2), invite.getExpiresAt());
        assertEquals("bob@example.com", invite.getEmail());
    }

    @Test
    void theLinkUsesTheBaseUrlOptionWithoutItsTrailingSlash() {
        var r = expect(0, ctl("user", "invite", "--base-url", "https://social.example/"));
        assertEquals("https://social.example/registration/" + onlyInvite().getToken() + "\n", r.out());
    }

    @Test
    void theLinkUsesCtlBaseUrl() {
        var r = expect(0, ctl().env("CTL_BASE_URL", "https://env.example").run("user", "invite"));
        assertEquals("https://env.example/registration/" + onlyInvite().getToken() + "\n", r.out());
    }

    @Test
    void eachInviteGetsItsOwnToken() {
        expect(0, ctl("user", "invite"));
        expect(0, ctl("user", "invite"));
        assertEquals(2, sql().fetchCount(sql().selectDistinct(INVITES.TOKEN).from(INVITES)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonPrintsTheInviteWithItsLink() throws Exception {
        var r = expect(0, ctl("user", "invite", "--max-use", "2", "--email", "eve@example.com", "--json"));
        var invite = onlyInvite();
        var json = Json.object(r.out());
        assertEquals(java.util.Set.of("id", "token", "type", "max_use", "uses", "expires_at", "email", "used",
                "created_at", "url"), json.keySet());
        assertEquals(invite.getId(), ((Number) json.get("id")).longValue());
        assertEquals(invite.getToken(), json.get("token"));
        assertEquals("reusable", json.get("type"));
        assertEquals(2L, ((Number) json.get("max_use")).longValue());
        assertEquals("eve@example.com", json.get("email"));
        assertEquals(false, json.get("used"));
        assertNull(json.get("expires_at"));
        assertEquals("http://localhost:4000/registration/" + invite.getToken(), json.get("url"));
        assertEquals("Generated user invite token reusable\n", r.err());
    }

    @Test
    void theAuditEntryNamesTheInviteButNotItsToken() {
        expect(0, ctl("user", "invite", "--max-use", "4", "--expires-at", "2099-05-06", "--email", "amy@example.com"));
        var invite = onlyInvite();
        var audit = sql().selectFrom(AUDIT_LOG).fetchSingle();
        assertEquals("user.invite", audit.getOperation());
        assertEquals("create", audit.getActionKind());
        assertEquals("invite " + invite.getId(), audit.getTarget());
        String params = audit.getParameters().data();
        assertFalse(params.contains(invite.getToken()), params);
        assertTrue(params.contains("\"type\": \"reusable_date_limited\""), params);
        assertTrue(params.contains("\"max_use\": 4"), params);
        assertTrue(params.contains("\"expires_at\": \"2099-05-06\""), params);
        assertTrue(params.contains("\"email\": \"amy@example.com\""), params);
        assertEquals("{\"invites\": 1}", audit.getChanges().data());
    }

    @Test
    void anInviteMayExpireTodayInUtc() {
        expect(0, ctl().clock(LATE_ON_MARCH_10).run("user", "invite", "--expires-at", "2026-03-10"));
        assertEquals(LocalDate.of(2026, 3, 10), onlyInvite().getExpiresAt());
    }

    @Test
    void aPastDateExits5AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(5, ctl().clock(LATE_ON_MARCH_10).run("user", "invite", "--expires-at", "2026-03-09"));
        assertEquals("ctl: --expires-at 2026-03-09 is in the past (today is 2026-03-10 UTC)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-01", "2026-02-30", "tomorrow", "2026-3-1", "31/12/2026", "+12026-01-01", ""})
    void aMalformedDateExits5AndChangesNothing(String date) {
        String before = db.snapshot();
        var r = expect(5, ctl("user", "invite", "--expires-at", date));
        assertEquals("ctl: invalid date \"" + date + "\" for --expires-at: use YYYY-MM-DD\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1"})
    void aMaxUseBelowOneExits2AndChangesNothing(String n) {
        String before = db.snapshot();
        var r = expect(2, ctl("user", "invite", "--max-use", n));
        assertEquals("ctl: --max-use must be at least 1\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aMaxUseThatIsNoNumberExits2() {
        String before = db.snapshot();
        var r = expect(2, ctl("user", "invite", "--max-use", "many"));
        assertTrue(r.err().startsWith("ctl: ") && r.err().contains("--max-use") && r.err().indexOf('\n') == r.err().length() - 1, r::toString);
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob@", "not-an-email", "a b@example.com"})
    void anInvalidEmailExits5AndChangesNothing(String email) {
        String before = db.snapshot();
        var r = expect(5, ctl("user", "invite", "--email", email));
        assertEquals("ctl: invalid email \"" + email + "\"\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunSaysSoAndKeepsNothing() {
        String before = db.rows();
        var r = expect(0, ctl("user", "invite", "--max-use", "2", "--dry-run"));
        assertEquals("Generated user invite token reusable (dry run)\n", r.err());
        assertEquals("", r.out(), "no link to an invite that was rolled back");
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void helpHasAnExample() {
        var r = expect(0, ctl("user", "invite", "--help"));
        assertTrue(r.out().startsWith("Usage: ctl user invite"), r::toString);
        assertTrue(r.out().contains("\nExamples:\n  ctl user invite"), r::toString);
        assertEquals("", r.err());
    }
}
