package ctl.token;

import ctl.security.Tokens;
import ctl.testing.CtlTest;
import ctl.testing.FakeTerminal;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.USERS;
import static ctl.testing.Rows.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenLoginTest extends CtlTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:05Z");

    @BeforeEach
    void users() {
        Rows.loginUsers(sql());
    }

    private ctl.testing.CtlRun.Result login(String user, String password, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "token";
        args[1] = "login";
        args[2] = user;
        args[3] = "--password-stdin";
        System.arraycopy(more, 0, args, 4, more.length);
        return ctl().clock(Clock.fixed(NOW, ZoneOffset.UTC)).stdin(password + "\n").run(args);
    }

    @Test
    void theRightPasswordIssuesAnAccessAndARefreshTokenInOneRow() {
        var r = expect(0, login("alice", PASSWORD));
        assertEquals("Token 1 issued for alice\n", r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r::toString);
        assertTrue(lines.get(0).matches("access_token: +[A-Za-z0-9_-]{43}"), r::toString);
        assertTrue(lines.get(1).matches("refresh_token: +[A-Za-z0-9_-]{43}"), r::toString);
        assertEquals("expires_at:         2026-03-01T13:00:05Z", lines.get(2));
        assertEquals("refresh_expires_at: 2026-03-31T12:00:05Z", lines.get(3));
        String access = lines.get(0).replaceFirst(".* ", "");
        String refresh = lines.get(1).replaceFirst(".* ", "");
        var row = sql().selectFrom(API_TOKENS).fetchOne();
        assertEquals(1L, row.getUserId());
        assertEquals("login", row.getLabel());
        assertArrayEquals(Tokens.sha256(access), row.getAccessHash());
        assertArrayEquals(Tokens.sha256(refresh), row.getRefreshHash());
        assertEquals(row.getId(), row.getFamilyId(), "a login starts a family of its own");
        assertFalse(db.rows().contains(access));
        assertFalse(db.rows().contains(refresh));
    }

    @Test
    void jsonHasTheAccessTokenTheRefreshTokenAndTheirExpiries() {
        var r = expect(0, login("alice", PASSWORD, "--json"));
        Map<String, Object> json = Json.object(r.out());
        assertEquals(List.of("access_token", "refresh_token", "expires_at", "refresh_expires_at"), List.copyOf(json.keySet()));
        assertEquals("2026-03-01T13:00:05Z", json.get("expires_at"));
        assertEquals("2026-03-31T12:00:05Z", json.get("refresh_expires_at"));
        var row = sql().selectFrom(API_TOKENS).fetchOne();
        assertArrayEquals(Tokens.sha256((String) json.get("access_token")), row.getAccessHash());
        assertArrayEquals(Tokens.sha256((String) json.get("refresh_token")), row.getRefreshHash());
    }

    @Test
    void expiresInSetsTheAccessLifetimeAndLabelTheLabel() {
        expect(0, login("alice", PASSWORD, "--expires-in", "15m", "--label", "laptop"));
        var row = sql().selectFrom(API_TOKENS).fetchOne();
        assertEquals(NOW.plusSeconds(900), row.getExpiresAt().toInstant());
        assertEquals(NOW.plusSeconds(30 * 86400), row.getRefreshExpiresAt().toInstant());
        assertEquals("laptop", row.getLabel());
    }

    @Test
    void theUserMayBeNamedByEmail() {
        assertEquals("Token 1 issued for alice\n", expect(0, login("ALICE@example.com", PASSWORD)).err());
    }

    @Test
    void writesOneCreateAuditEntryWithoutTokensOrPassword() {
        var r = expect(0, login("alice", PASSWORD));
        var audit = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("token.login", audit.getOperation());
        assertEquals("create", audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertEquals("{\"id\": 1, \"label\": \"login\", \"expires_at\": \"2026-03-01T13:00:05+00:00\", "
                + "\"refresh_expires_at\": \"2026-03-31T12:00:05+00:00\"}", audit.getParameters().data());
        for (String line : r.out().lines().toList()) {
            assertFalse(audit.toString().contains(line.replaceFirst(".* ", "")));
        }
        assertFalse(audit.toString().contains(PASSWORD));
    }

    @Test
    void thePasswordMayComeFromAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pass");
        Files.writeString(file, PASSWORD + "\n");
        expect(0, ctl("token", "login", "alice", "--password-file", file.toString()));
        assertEquals(1, sql().fetchCount(API_TOKENS));
    }

    @Test
    void thePasswordOptionWorksWithAWarning() {
        var r = expect(0, ctl("token", "login", "alice", "--password", PASSWORD));
        assertEquals("ctl: warning: --password is visible in the process list; prefer --password-stdin or --password-file\n"
                + "Token 1 issued for alice\n", r.err());
    }

    @Test
    void onATerminalItAsksOnce() {
        var terminal = new FakeTerminal(PASSWORD);
        expect(0, ctl().terminal(terminal).run("token", "login", "alice"));
        assertEquals(List.of("Password: "), terminal.prompts);
        assertEquals(1, sql().fetchCount(API_TOKENS));
    }

    @Test
    void aWrongPasswordAndADeactivatedUserGiveTheSameAnswer() {
        String before = db.snapshot();
        var wrong = expect(5, login("alice", "not the password"));
        assertEquals("ctl: invalid credentials for alice\n", wrong.err());
        assertEquals("", wrong.out());
        assertEquals(before, db.snapshot());

        sql().update(USERS).set(USERS.ACTIVATED, false).where(USERS.NICKNAME.eq("alice")).execute();
        before = db.snapshot();
        var deactivated = expect(5, login("alice", PASSWORD));
        assertEquals(wrong.err(), deactivated.err(), "byte for byte");
        assertEquals("", deactivated.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aShortWrongPasswordIsJustWrongNotAPolicyError() {
        String before = db.snapshot();
        var r = expect(5, login("alice", "short"));
        assertEquals("ctl: invalid credentials for alice\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dave", "frank", "bob@remote.example"})
    void aDeactivatedRemoteOrPasswordlessUserExits5WithTheSameMessage(String user) {
        String before = db.snapshot();
        var r = expect(5, login(user, PASSWORD));
        assertEquals("ctl: invalid credentials for " + user + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nobody", "eve"})
    void anUnknownOrDeletedUserExits3AndChangesNothing(String user) {
        String before = db.snapshot();
        var r = expect(3, login(user, PASSWORD));
        assertEquals("ctl: no user " + user + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void withoutAPasswordOrATerminalItExits2AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(2, ctl("token", "login", "alice"));
        assertEquals("ctl: no password given: use --password-stdin or --password-file (or run on a terminal)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void noAnswerAtThePromptExits1() {
        String before = db.snapshot();
        var r = expect(1, ctl().terminal(new FakeTerminal()).run("token", "login", "alice"));
        assertEquals("ctl: no password given, nothing changed\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void twoPasswordSourcesExit2() {
        String before = db.snapshot();
        var r = expect(2, ctl().stdin(PASSWORD + "\n").run("token", "login", "alice", "--password-stdin", "--password", PASSWORD));
        assertEquals("ctl: use one of --password-stdin, --password-file and --password\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aMalformedLifetimeExits2() {
        String before = db.snapshot();
        var r = expect(2, login("alice", PASSWORD, "--expires-in", "soon"));
        assertEquals("ctl: invalid --expires-in \"soon\": give seconds (3600) or a number with s, m, h or d (90s, 15m, 1h, 30d)\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunPrintsNoTokensAndChangesNothing() {
        String before = db.rows();
        var r = expect(0, login("alice", PASSWORD, "--dry-run"));
        assertEquals("", r.out());
        assertTrue(r.err().matches("Token \\d+ issued for alice \\(dry run\\)\n"), r::toString);
        assertEquals(before, db.rows());
    }

    @Test
    void helpHasAnExample() {
        assertTrue(expect(0, ctl("token", "login", "--help")).out().contains("Examples:\n  ctl token login alice"));
    }
}
