package ctl.token;

import ctl.security.Tokens;
import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.testing.Rows.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenShowTest extends CtlTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:05Z");
    private static final List<String> KEYS = List.of("id", "kind", "state", "label", "scopes", "created_at", "expires_at",
            "refresh_expires_at", "last_used_at", "revoked_at", "chain_revoked",
            "user_id", "user_nickname", "user_email", "user_name", "user_bio", "user_company", "user_local",
            "user_instance", "user_admin", "user_moderator", "user_locked", "user_confirmed", "user_activated",
            "user_approved", "user_tags", "user_metadata", "user_created_at", "user_updated_at");

    @BeforeEach
    void users() {
        Rows.loginUsers(sql());
    }

    private CtlRun at(Instant when) {
        return ctl().clock(Clock.fixed(when, ZoneOffset.UTC));
    }

    /** alice logs in at NOW: the JSON pair of token 1 (and of the next, for each further login). */
    private Map<String, Object> login() {
        return Json.object(expect(0, at(NOW).stdin(PASSWORD + "\n")
                .run("token", "login", "alice", "--password-stdin", "--json")).out());
    }

    private Map<String, Object> refresh(Object token, Instant when) {
        return Json.object(expect(0, at(when).stdin(token + "\n")
                .run("token", "refresh", "--token-stdin", "--json")).out());
    }

    /** {@code ctl token show --token-stdin ARGS…} at {@code when}, the token on stdin. */
    private CtlRun.Result show(Object token, Instant when, String... args) {
        List<String> words = new ArrayList<>(List.of("token", "show", "--token-stdin"));
        words.addAll(List.of(args));
        return at(when).stdin(token + "\n").run(words.toArray(String[]::new));
    }

    /** The {@code key: value} lines of a table, as a map in their order. */
    private static Map<String, String> table(CtlRun.Result r) {
        Map<String, String> record = new LinkedHashMap<>();
        r.out().lines().forEach(line -> {
            int colon = line.indexOf(':');
            record.put(line.substring(0, colon), line.substring(colon + 1).strip());
        });
        return record;
    }

    @Test
    void anAccessTokenShowsItsRecordAndItsOwnerAsKeyValueLines() {
        var pair = login();
        var r = expect(0, show(pair.get("access_token"), NOW.plusSeconds(60)));
        assertEquals("", r.err());
        Map<String, String> shown = table(r);
        assertEquals(KEYS, List.copyOf(shown.keySet()), r::toString);
        assertEquals("1", shown.get("id"));
        assertEquals("access", shown.get("kind"));
        assertEquals("active", shown.get("state"));
        assertEquals("login", shown.get("label"));
        assertEquals("[]", shown.get("scopes"));
        assertEquals("2026-03-01T12:00:05Z", shown.get("created_at"));
        assertEquals("2026-03-01T13:00:05Z", shown.get("expires_at"));
        assertEquals("2026-03-31T12:00:05Z", shown.get("refresh_expires_at"));
        assertEquals("", shown.get("revoked_at"));
        assertEquals("false", shown.get("chain_revoked"));
        assertEquals("1", shown.get("user_id"));
        assertEquals("alice", shown.get("user_nickname"));
        assertEquals("alice@example.com", shown.get("user_email"));
        assertEquals("true", shown.get("user_activated"));
        assertTrue(r.out().lines().allMatch(line -> line.matches("[a-z_]+: +.*|[a-z_]+:")), r::toString);
        assertFalse(r.out().contains((String) pair.get("access_token")));
        assertFalse(r.out().contains("argon2"), "never the password hash");
    }

    @Test
    void aRefreshTokenIsShownAsKindRefreshAndExpiresWithItsOwnLifetime() {
        var pair = login();
        Map<String, String> shown = table(expect(0, show(pair.get("refresh_token"), NOW.plus(Duration.ofDays(2)))));
        assertEquals("1", shown.get("id"));
        assertEquals("refresh", shown.get("kind"));
        assertEquals("active", shown.get("state"), "its access token has expired, it has not");
        assertEquals("alice", shown.get("user_nickname"));
        assertEquals("expired", table(expect(0, show(pair.get("refresh_token"), NOW.plus(Duration.ofDays(30))))).get("state"));
    }

    @Test
    void anExpiredTokenIsShownAsExpiredAndExits0() {
        var pair = login();
        assertEquals("active", table(expect(0, show(pair.get("access_token"), NOW.plus(Duration.ofMinutes(59))))).get("state"));
        var r = expect(0, show(pair.get("access_token"), NOW.plus(Duration.ofHours(1))));
        assertEquals("expired", table(r).get("state"));
        assertEquals("", r.err());
    }

    @Test
    void aCreatedTokenWithoutRefreshOrExpiryIsAnActiveAccessToken() {
        String token = expect(0, ctl("token", "create", "carol", "--label", "ci", "--scopes", "read,write")).out().strip();
        Map<String, String> shown = table(expect(0, show(token, NOW.plus(Duration.ofDays(3650)))));
        assertEquals("access", shown.get("kind"));
        assertEquals("active", shown.get("state"));
        assertEquals("ci", shown.get("label"));
        assertEquals("[read, write]", shown.get("scopes"));
        assertEquals("", shown.get("expires_at"));
        assertEquals("", shown.get("refresh_expires_at"));
        assertEquals("false", shown.get("chain_revoked"));
        assertEquals("carol", shown.get("user_nickname"));
    }

    @Test
    void aRefreshedPairIsRevokedButItsChainIsNotUntilARefreshTokenIsUsedTwice() {
        var first = login();
        var second = refresh(first.get("refresh_token"), NOW.plusSeconds(60));
        Map<String, String> old = table(expect(0, show(first.get("access_token"), NOW.plusSeconds(90))));
        assertEquals("revoked", old.get("state"));
        assertEquals("2026-03-01T12:01:05Z", old.get("revoked_at"));
        assertEquals("false", old.get("chain_revoked"), "the chain lives on in the new pair");
        Map<String, String> fresh = table(expect(0, show(second.get("access_token"), NOW.plusSeconds(90))));
        assertEquals("active", fresh.get("state"));
        assertEquals("false", fresh.get("chain_revoked"));

        // the spent refresh token presented again revokes the whole chain
        expect(5, at(NOW.plusSeconds(120)).stdin(first.get("refresh_token") + "\n").run("token", "refresh", "--token-stdin"));
        for (Object token : List.of(first.get("access_token"), first.get("refresh_token"),
                second.get("access_token"), second.get("refresh_token"))) {
            var r = expect(0, show(token, NOW.plusSeconds(180)));
            assertEquals("revoked", table(r).get("state"), r::toString);
            assertEquals("true", table(r).get("chain_revoked"), r::toString);
        }
        assertEquals("2026-03-01T12:02:05Z", table(expect(0, show(second.get("refresh_token"), NOW.plusSeconds(180))))
                .get("revoked_at"));
    }

    @Test
    void anotherLoginOfTheSameUserIsAnotherChain() {
        var first = login();
        var other = login();
        refresh(first.get("refresh_token"), NOW);
        expect(5, at(NOW).stdin(first.get("refresh_token") + "\n").run("token", "refresh", "--token-stdin"));
        Map<String, String> shown = table(expect(0, show(other.get("access_token"), NOW)));
        assertEquals("active", shown.get("state"));
        assertEquals("false", shown.get("chain_revoked"));
    }

    @Test
    void anUnknownTokenExits3WithoutEchoingItAnywhereEvenWithVerbose() {
        login();
        String before = db.snapshot();
        String madeUp = Tokens.generate();
        var r = expect(3, show(madeUp, NOW, "-v"));
        assertTrue(r.err().startsWith("ctl: no such token\n"), r::toString);
        assertEquals("", r.out());
        assertFalse(r.toString().contains(madeUp), r::toString);
        assertEquals(before, db.snapshot());

        var quiet = expect(3, show(madeUp, NOW));
        assertEquals("ctl: no such token\n", quiet.err());
        var json = expect(3, show(madeUp, NOW, "--json"));
        assertEquals("", json.out());
    }

    @Test
    void theTokenAsTheArgumentIsWarnedAboutAndAnUnknownOneIsNotEchoed() {
        var pair = login();
        var r = expect(0, at(NOW).run("token", "show", (String) pair.get("access_token")));
        assertEquals(TokenRefreshTest.ARGUMENT_WARNING, r.err(), r::toString);
        assertEquals("access", table(r).get("kind"));

        String madeUp = Tokens.generate();
        var unknown = expect(3, at(NOW).run("token", "show", madeUp, "-v"));
        assertTrue(unknown.err().startsWith(TokenRefreshTest.ARGUMENT_WARNING + "ctl: no such token\n"), unknown::toString);
        assertFalse(unknown.toString().contains(madeUp), unknown::toString);
    }

    @Test
    void theTokenComesFromAFileToo(@TempDir Path dir) throws IOException {
        var pair = login();
        Path file = Files.writeString(dir.resolve("token"), pair.get("refresh_token") + "\n");
        var r = expect(0, at(NOW).run("token", "show", "--token-file", file.toString()));
        assertEquals("", r.err());
        assertEquals("refresh", table(r).get("kind"));
    }

    @Test
    void noTokenAtAllOrTwoSourcesExit2() {
        assertEquals("ctl: no token given: use --token-stdin or --token-file\n", expect(2, ctl("token", "show")).err());
        assertEquals("ctl: use one of the token argument, --token-stdin and --token-file\n",
                expect(2, show("x", NOW, "y")).err());
    }

    @Test
    void jsonIsOneFlatObjectWithTheOwnersFieldsPrefixedUser() {
        var pair = login();
        var r = expect(0, show(pair.get("refresh_token"), NOW, "--json"));
        Map<String, Object> shown = Json.object(r.out());
        assertEquals(KEYS, List.copyOf(shown.keySet()), r::toString);
        assertEquals(1L, ((Number) shown.get("id")).longValue());
        assertEquals("refresh", shown.get("kind"));
        assertEquals("active", shown.get("state"));
        assertEquals(List.of(), shown.get("scopes"));
        assertEquals("2026-03-01T13:00:05Z", shown.get("expires_at"));
        assertEquals(null, shown.get("last_used_at"));
        assertEquals(false, shown.get("chain_revoked"));
        assertEquals("alice", shown.get("user_nickname"));
        assertEquals(true, shown.get("user_local"));
        assertEquals(List.of(), shown.get("user_tags"));
        assertTrue(((String) shown.get("user_created_at")).endsWith("Z"), r::toString);
        var jsonl = expect(0, show(pair.get("refresh_token"), NOW, "--format", "jsonl"));
        assertEquals(1, jsonl.out().lines().count(), jsonl::toString);
        assertEquals(KEYS, List.copyOf(Json.object(jsonl.out()).keySet()));
    }

    @Test
    void csvIsAHeaderAndOneRow() {
        var pair = login();
        var r = expect(0, show(pair.get("access_token"), NOW, "--format", "csv"));
        List<String> lines = List.of(r.out().split("\r\n"));
        assertEquals(2, lines.size(), r::toString);
        assertEquals(String.join(",", KEYS), lines.get(0));
        assertTrue(lines.get(1).startsWith("1,access,active,login,[],2026-03-01T12:00:05Z,2026-03-01T13:00:05Z,"
                + "2026-03-31T12:00:05Z,,,false,1,alice,alice@example.com,"), r::toString);
    }

    @ParameterizedTest(name = "token {0}")
    @ValueSource(strings = {"whois", "profile"})
    void whoisAndProfileAreAliases(String alias) {
        var pair = login();
        var r = expect(0, at(NOW).stdin(pair.get("access_token") + "\n").run("token", alias, "--token-stdin"));
        assertEquals("alice", table(r).get("user_nickname"));
    }

    @Test
    void itOnlyReadsNoAuditEntryAndLastUsedStaysAsItWas() {
        var pair = login();
        sql().execute("truncate audit_log restart identity");
        String before = db.snapshot();
        expect(0, show(pair.get("access_token"), NOW));
        expect(0, show(pair.get("refresh_token"), NOW, "--json"));
        assertEquals(before, db.snapshot());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void helpHasExamplesThatKeepTheTokenOutOfArgvWithin80Columns() {
        String help = expect(0, ctl("token", "show", "--help")).out();
        assertTrue(help.contains("Examples:\n  ctl token show --token-file"), help);
        assertTrue(help.contains("  printf '%s\\n' \"$TOKEN\" | ctl token show --token-stdin --json | jq .state\n"), help);
        help.lines().forEach(line -> assertTrue(line.length() <= 80, line));
    }
}
