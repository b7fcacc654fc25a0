package ctl.token;

import ctl.security.Tokens;
import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUDIT_LOG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenCreateTest extends CtlTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:05Z");

    @BeforeEach
    void users() {
        Rows.loginUsers(sql());
    }

    private static String token(String out) {
        assertTrue(out.matches("[A-Za-z0-9_-]{43,}\n"), "one URL-safe token of 256 bits and a newline: " + out);
        return out.strip();
    }

    /**
     * A concurrent deactivation or `user rm` holds the user's row; issuing a token waits for
     * it (here: until the lock timeout) rather than slipping a token in beside it.
     */
    @Test
    void issuingWaitsForAConcurrentChangeOfTheUser() throws Exception {
        String before = db.snapshot();
        try (var holder = db.connect()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("select 1 from users where nickname = 'alice' for update");
            var r = expect(7, ctl().env("CTL_LOCK_TIMEOUT", "200ms").run("token", "create", "alice"));
            assertTrue(r.err().startsWith("ctl: timed out waiting for a lock"), r::toString);
            assertEquals("", r.out());
            holder.rollback();
        }
        assertEquals(before, db.snapshot());
    }

    @Test
    void printsOnlyTheTokenOnStdoutAndSaysSoOnStderr() {
        var r = expect(0, ctl("token", "create", "alice", "--label", "ci"));
        String token = token(r.out());
        assertEquals("Token 1 created for alice\n", r.err());
        var row = sql().selectFrom(API_TOKENS).fetchOne();
        assertEquals(1L, row.getUserId());
        assertEquals("ci", row.getLabel());
        assertArrayEquals(new String[0], row.getScopes());
        assertNull(row.getExpiresAt(), "no --expires-in: no expiry");
        assertNull(row.getRefreshHash());
        assertNull(row.getFamilyId());
    }

    @Test
    void theStoredHashIsTheSha256OfThePrintedTokenAndTheTokenIsNowhereInTheDatabase() {
        String token = token(expect(0, ctl("token", "create", "alice")).out());
        assertArrayEquals(Tokens.sha256(token), sql().selectFrom(API_TOKENS).fetchOne().getAccessHash());
        assertFalse(db.rows().contains(token));
    }

    @Test
    void thePrintedTokenWorksForTokenDelete() {
        String token = token(expect(0, ctl("token", "create", "alice")).out());
        var r = expect(0, ctl().stdin(token + "\n").run("token", "delete", "--token-stdin"));
        assertEquals("Token 1 of alice deleted\n", r.err());
        assertEquals(0, sql().fetchCount(API_TOKENS));
    }

    @Test
    void writesOneCreateAuditEntryWithoutTheToken() {
        String token = token(expect(0, ctl().clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .run("token", "create", "alice", "--label", "ci", "--scopes", "read", "--expires-in", "1h")).out());
        var audit = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("token.create", audit.getOperation());
        assertEquals("create", audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertEquals("{\"id\": 1, \"label\": \"ci\", \"scopes\": [\"read\"], \"expires_at\": \"2026-03-01T13:00:05+00:00\"}",
                audit.getParameters().data());
        assertEquals("{\"api_tokens\": 1}", audit.getChanges().data());
        assertFalse(audit.toString().contains(token));
    }

    @ParameterizedTest
    @CsvSource({"3600, 3600", "90s, 90", "15m, 900", "1h, 3600", "30d, 2592000"})
    void expiresInTakesSecondsOrAUnit(String given, long seconds) {
        expect(0, ctl().clock(Clock.fixed(NOW, ZoneOffset.UTC)).run("token", "create", "alice", "--expires-in", given));
        assertEquals(NOW.plusSeconds(seconds), sql().selectFrom(API_TOKENS).fetchOne().getExpiresAt().toInstant());
    }

    @Test
    void scopesAreStoredInOrderWithoutDuplicates() {
        expect(0, ctl("token", "create", "alice", "--scopes", "read,write, read", "--scopes", "admin:users"));
        assertArrayEquals(new String[] {"read", "write", "admin:users"}, sql().selectFrom(API_TOKENS).fetchOne().getScopes());
    }

    @Test
    void aUserMayBeNamedByEmailOrId() {
        expect(0, ctl("token", "create", "carol@example.com"));
        assertEquals("Token 2 created for carol\n", expect(0, ctl("token", "create", "2")).err());
        assertEquals(2, sql().fetchCount(API_TOKENS, API_TOKENS.USER_ID.eq(2L)));
    }

    @Test
    void jsonPrintsOneObjectWithTheToken() {
        var r = expect(0, ctl().clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .run("token", "create", "alice", "--label", "ci", "--scopes", "read,write", "--expires-in", "30d", "--json"));
        Map<String, Object> json = Json.object(r.out());
        assertEquals(List.of("id", "user", "label", "scopes", "expires_at", "access_token"), List.copyOf(json.keySet()));
        assertEquals(1L, ((Number) json.get("id")).longValue());
        assertEquals("alice", json.get("user"));
        assertEquals("ci", json.get("label"));
        assertEquals(List.of("read", "write"), json.get("scopes"));
        assertEquals("2026-03-31T12:00:05Z", json.get("expires_at"));
        assertArrayEquals(Tokens.sha256((String) json.get("access_token")), sql().selectFrom(API_TOKENS).fetchOne().getAccessHash());
        assertEquals("Token 1 created for alice\n", r.err());
    }

    @Test
    void quietLeavesOnlyTheToken() {
        var r = expect(0, ctl("token", "create", "alice", "-q"));
        token(r.out());
        assertEquals("", r.err());
    }

    @Test
    void dryRunPrintsNoTokenAndChangesNothing() {
        String before = db.rows();
        var r = expect(0, ctl("token", "create", "alice", "--label", "ci", "--dry-run"));
        assertEquals("", r.out(), "a token that will not exist is not printed");
        assertTrue(r.err().matches("Token \\d+ created for alice \\(dry run\\)\n"), r::toString);
        assertEquals(before, db.rows());
        assertEquals("", expect(0, ctl("token", "create", "alice", "--json", "--dry-run")).out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1w", "-5", "1.5h", "", "h", "1 day"})
    void aMalformedLifetimeExits2AndChangesNothing(String given) {
        String before = db.snapshot();
        var r = expect(2, ctl("token", "create", "alice", "--expires-in", given));
        assertEquals("ctl: invalid --expires-in \"" + given
                + "\": give seconds (3600) or a number with s, m, h or d (90s, 15m, 1h, 30d)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aZeroOrHugeLifetimeExits2() {
        String before = db.snapshot();
        assertEquals("ctl: --expires-in must be more than 0\n", expect(2, ctl("token", "create", "alice", "--expires-in", "0m")).err());
        assertEquals("ctl: --expires-in must be at most 36500d\n", expect(2, ctl("token", "create", "alice", "--expires-in", "36501d")).err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aMalformedScopeExits2AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(2, ctl("token", "create", "alice", "--scopes", "read,bad scope"));
        assertEquals("ctl: invalid scope \"bad scope\": use letters, digits, _, ., :, * or -\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nobody", "eve", "99"})
    void anUnknownOrDeletedUserExits3AndChangesNothing(String user) {
        String before = db.snapshot();
        var r = expect(3, ctl("token", "create", user));
        assertEquals("ctl: no user " + user + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aDeactivatedUserExits4AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(4, ctl("token", "create", "dave"));
        assertEquals("ctl: dave is deactivated: activate the user first\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aRemoteUserExits4AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(4, ctl("token", "create", "bob@remote.example"));
        assertEquals("ctl: bob@remote.example is a remote user: tokens are for local users\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void helpHasAnExample() {
        var r = expect(0, ctl("token", "create", "--help"));
        assertTrue(r.out().contains("Examples:\n  TOKEN=$(ctl token create alice --label ci)"), r::toString);
        assertTrue(expect(0, ctl("tokens", "--help")).out().contains("ctl token login"));
    }

    @Test
    void theGroupAloneSaysWhichTasksItHas() {
        var r = expect(2, ctl("token"));
        assertEquals("ctl: missing task: ctl token takes one of create, login, refresh, list, show, delete, prune (see `ctl token --help`)\n", r.err());
    }
}
