package ctl.token;

import ctl.security.Tokens;
import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.USERS;
import static ctl.testing.Rows.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenRefreshTest extends CtlTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:05Z");
    static final String ARGUMENT_WARNING = "ctl: warning: a token given as an argument is visible in the process list; "
            + "prefer --token-stdin or --token-file\n";
    private static final String REUSED = "ctl: refresh token already used: every token of that login was revoked\n";

    @BeforeEach
    void users() {
        Rows.loginUsers(sql());
    }

    private CtlRun at(Instant when) {
        return ctl().clock(Clock.fixed(when, ZoneOffset.UTC));
    }

    /** Logs the user in and returns the JSON pair. */
    private Map<String, Object> login(String user) {
        return Json.object(expect(0, at(NOW).stdin(PASSWORD + "\n")
                .run("token", "login", user, "--password-stdin", "--json")).out());
    }

    /** {@code ctl token refresh --token-stdin ARGS…} at {@code when}, the token on stdin. */
    private CtlRun.Result refreshing(Object token, Instant when, String... args) {
        List<String> words = new ArrayList<>(List.of("token", "refresh", "--token-stdin"));
        words.addAll(List.of(args));
        return at(when).stdin(token + "\n").run(words.toArray(String[]::new));
    }

    private Map<String, Object> refresh(Object token, Instant when) {
        return Json.object(expect(0, refreshing(token, when, "--json")).out());
    }

    @Test
    void issuesANewPairInTheSameFamilyAndRevokesTheOldRow() {
        var first = login("alice");
        Instant later = NOW.plus(Duration.ofMinutes(50));
        var r = expect(0, refreshing(first.get("refresh_token"), later, "--json"));
        assertEquals("Token 2 issued for alice, token 1 revoked\n", r.err());
        var second = Json.object(r.out());
        assertEquals(List.of("access_token", "refresh_token", "expires_at", "refresh_expires_at"), List.copyOf(second.keySet()));
        assertEquals("2026-03-01T13:50:05Z", second.get("expires_at"));
        assertEquals("2026-03-31T12:50:05Z", second.get("refresh_expires_at"));

        var old = sql().selectFrom(API_TOKENS).where(API_TOKENS.ID.eq(1L)).fetchOne();
        var fresh = sql().selectFrom(API_TOKENS).where(API_TOKENS.ID.eq(2L)).fetchOne();
        assertEquals(later, old.getRevokedAt().toInstant());
        assertEquals(later, old.getLastUsedAt().toInstant());
        assertNull(fresh.getRevokedAt());
        assertEquals(1L, fresh.getFamilyId());
        assertEquals(1L, fresh.getUserId());
        assertEquals("login", fresh.getLabel());
        assertArrayEquals(Tokens.sha256((String) second.get("access_token")), fresh.getAccessHash());
        assertArrayEquals(Tokens.sha256((String) second.get("refresh_token")), fresh.getRefreshHash());
        assertFalse(db.rows().contains((String) second.get("refresh_token")));
    }

    @Test
    void theNewRefreshTokenRefreshesAgainAndTheTablePrintsKeyValueLines() {
        var first = login("alice");
        var second = refresh(first.get("refresh_token"), NOW.plusSeconds(60));
        var r = expect(0, refreshing(second.get("refresh_token"), NOW.plusSeconds(120)));
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r::toString);
        assertTrue(lines.get(0).matches("access_token: +[A-Za-z0-9_-]{43}"), r::toString);
        assertTrue(lines.get(1).matches("refresh_token: +[A-Za-z0-9_-]{43}"), r::toString);
        assertEquals(List.of(1L, 1L, 1L), sql().select(API_TOKENS.FAMILY_ID).from(API_TOKENS).orderBy(API_TOKENS.ID).fetch(API_TOKENS.FAMILY_ID));
        assertEquals(2, sql().fetchCount(API_TOKENS, API_TOKENS.REVOKED_AT.isNotNull()));
    }

    @Test
    void expiresInSetsTheNewAccessLifetime() {
        var first = login("alice");
        expect(0, refreshing(first.get("refresh_token"), NOW, "--expires-in", "90s"));
        assertEquals(NOW.plusSeconds(90), sql().selectFrom(API_TOKENS).where(API_TOKENS.ID.eq(2L)).fetchOne().getExpiresAt().toInstant());
    }

    @Test
    void writesOneUpdateAuditEntryWithoutTokens() {
        var first = login("alice");
        var second = refresh(first.get("refresh_token"), NOW);
        var audit = sql().selectFrom(AUDIT_LOG).where(AUDIT_LOG.OPERATION.eq("token.refresh")).fetchOne();
        assertEquals("update", audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertEquals("{\"id\": 1, \"family\": 1, \"new_id\": 2, \"expires_at\": \"2026-03-01T13:00:05+00:00\", "
                + "\"refresh_expires_at\": \"2026-03-31T12:00:05+00:00\"}", audit.getParameters().data());
        assertEquals("{\"api_tokens\": 1, \"api_tokens_revoked\": 1}", audit.getChanges().data());
        for (Object secret : List.of(first.get("refresh_token"), second.get("access_token"), second.get("refresh_token"))) {
            assertFalse(audit.toString().contains((String) secret));
        }
    }

    @Test
    void aSpentRefreshTokenPresentedAgainRevokesTheWholeChainExits5AndTheRevocationStays() {
        var first = login("alice");
        var second = refresh(first.get("refresh_token"), NOW.plusSeconds(60));
        var third = refresh(second.get("refresh_token"), NOW.plusSeconds(120));
        login("alice");  // another login of alice: family 4
        login("carol");  // family 5
        Instant replay = NOW.plusSeconds(180);

        var r = expect(5, refreshing(first.get("refresh_token"), replay));
        assertEquals(REUSED, r.err());
        assertEquals("", r.out());
        var rows = sql().selectFrom(API_TOKENS).orderBy(API_TOKENS.ID).fetch();
        assertEquals(replay, rows.get(2).getRevokedAt().toInstant(), "the live token of the chain is revoked");
        assertNotNull(rows.get(0).getRevokedAt());
        assertNotNull(rows.get(1).getRevokedAt());
        assertNull(rows.get(3).getRevokedAt(), "another login of the same user stays");
        assertNull(rows.get(4).getRevokedAt(), "another user's login stays");
        var audit = sql().selectFrom(AUDIT_LOG).where(AUDIT_LOG.OPERATION.eq("token.refresh")).orderBy(AUDIT_LOG.ID.desc()).limit(1).fetchOne();
        assertEquals("{\"id\": 1, \"family\": 1, \"reused\": true}", audit.getParameters().data());
        assertEquals("{\"api_tokens_revoked\": 1}", audit.getChanges().data());

        // the newest refresh token of the chain is dead too; that replay revokes nothing more,
        // so it writes no audit entry saying it revoked 0
        int entries = sql().fetchCount(AUDIT_LOG);
        assertEquals(REUSED, expect(5, refreshing(third.get("refresh_token"), replay)).err());
        assertEquals(3, sql().fetchCount(API_TOKENS, API_TOKENS.FAMILY_ID.eq(1L).and(API_TOKENS.REVOKED_AT.isNotNull())));
        assertEquals(entries, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void reuseUnderDryRunSaysSoExits5AndChangesNothing() {
        var first = login("alice");
        refresh(first.get("refresh_token"), NOW);
        String before = db.rows();
        var r = expect(5, refreshing(first.get("refresh_token"), NOW, "--dry-run"));
        assertEquals("ctl: refresh token already used: every token of that login was revoked (dry run)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.rows());
    }

    @Test
    void anUnknownRefreshTokenExits5WithoutEchoingItAndChangesNothing() {
        login("alice");
        String before = db.snapshot();
        String madeUp = Tokens.generate();
        var r = expect(5, refreshing(madeUp, NOW, "-v"));
        assertTrue(r.err().startsWith("ctl: unknown refresh token\n"), r::toString);
        assertFalse(r.toString().contains(madeUp), r::toString);
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void theTokenAsTheArgumentStillWorksButIsWarnedAboutAsVisibleInTheProcessList() {
        var first = login("alice");
        var r = expect(0, at(NOW).run("token", "refresh", (String) first.get("refresh_token")));
        assertEquals(ARGUMENT_WARNING + "Token 2 issued for alice, token 1 revoked\n", r.err());
        assertFalse(r.err().contains((String) first.get("refresh_token")));
    }

    @Test
    void anUnknownTokenAsTheArgumentIsWarnedAboutAndNotEchoed() {
        String madeUp = Tokens.generate();
        var r = expect(5, ctl("token", "refresh", madeUp));
        assertEquals(ARGUMENT_WARNING + "ctl: unknown refresh token\n", r.err());
    }

    @Test
    void theTokenComesFromAFileToo(@TempDir Path dir) throws IOException {
        var first = login("alice");
        Path file = Files.writeString(dir.resolve("refresh"), first.get("refresh_token") + "\n");
        var r = expect(0, at(NOW).run("token", "refresh", "--token-file", file.toString(), "--json"));
        assertEquals("Token 2 issued for alice, token 1 revoked\n", r.err());
        assertEquals(List.of("access_token", "refresh_token", "expires_at", "refresh_expires_at"),
                List.copyOf(Json.object(r.out()).keySet()));
    }

    @Test
    void noTokenAtAllOrTwoSourcesExit2AndChangeNothing() {
        var first = login("alice");
        String before = db.snapshot();
        assertEquals("ctl: no token given: use --token-stdin or --token-file\n",
                expect(2, at(NOW).run("token", "refresh")).err());
        assertEquals("ctl: use one of the token argument, --token-stdin and --token-file\n",
                expect(2, at(NOW).stdin(first.get("refresh_token") + "\n")
                        .run("token", "refresh", "--token-stdin", (String) first.get("refresh_token"))).err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void anAccessTokenIsNotARefreshToken() {
        var first = login("alice");
        String before = db.snapshot();
        var r = expect(5, refreshing(first.get("access_token"), NOW));
        assertEquals("ctl: unknown refresh token\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void anExpiredRefreshTokenExits5AndChangesNothing() {
        var first = login("alice");
        String before = db.snapshot();
        var r = expect(5, refreshing(first.get("refresh_token"), NOW.plus(Duration.ofDays(30))));
        assertEquals("ctl: refresh token expired: log in again (token login)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aUserDeactivatedSinceTheLoginGetsNoNewTokens() {
        var first = login("alice");
        sql().update(USERS).set(USERS.ACTIVATED, false).where(USERS.NICKNAME.eq("alice")).execute();
        String before = db.snapshot();
        var r = expect(5, refreshing(first.get("refresh_token"), NOW));
        assertEquals("ctl: invalid credentials for alice\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aMalformedLifetimeExits2() {
        var first = login("alice");
        String before = db.snapshot();
        var r = expect(2, refreshing(first.get("refresh_token"), NOW, "--expires-in", "1y"));
        assertTrue(r.err().startsWith("ctl: invalid --expires-in \"1y\""), r::toString);
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunPrintsNoTokensAndChangesNothing() {
        var first = login("alice");
        String before = db.rows();
        var r = expect(0, refreshing(first.get("refresh_token"), NOW, "--dry-run"));
        assertEquals("", r.out());
        assertTrue(r.err().matches("Token \\d+ issued for alice, token 1 revoked \\(dry run\\)\n"), r::toString);
        assertEquals(before, db.rows());
        // and the refresh token still works
        expect(0, refreshing(first.get("refresh_token"), NOW));
    }

    @Test
    void helpHasExamplesThatKeepTheTokenOutOfArgvWithin80Columns() {
        String help = expect(0, ctl("token", "refresh", "--help")).out();
        assertTrue(help.contains("Examples:\n  ctl token refresh --token-file"), help);
        assertTrue(help.contains("  printf '%s\\n' \"$REFRESH\" | ctl token refresh --token-stdin --json\n"), help);
        help.lines().forEach(line -> assertTrue(line.length() <= 80, line));
    }
}
