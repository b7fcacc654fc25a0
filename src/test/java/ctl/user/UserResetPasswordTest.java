package ctl.user;

import ctl.db.schema.tables.records.PasswordResetTokensRecord;
import ctl.security.Passwords;
import ctl.security.Tokens;
import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.FakeTerminal;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUTHORIZATIONS;
import static ctl.db.schema.Tables.PASSWORD_RESET_TOKENS;
import static ctl.db.schema.Tables.USERS;
import static ctl.testing.Rows.CLOCK;
import static ctl.testing.Rows.NOW;
import static ctl.testing.Rows.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What is reset_password's own (the link, the token, --complete); the one-user contract is
 * {@link OneUserContractTest}'s. alice and dave have no reset link yet.
 */
class UserResetPasswordTest extends CtlTest {
    /** 256 bits, URL-safe base64 without padding. */
    private static final Pattern LINK = Pattern.compile("http://localhost:4000/password_reset/([A-Za-z0-9_-]{43})\n");

    private long alice;
    private long dave;

    @BeforeEach
    void users() {
        Rows.reset(sql());
        alice = Rows.user(sql(), "alice");
        dave = Rows.user(sql(), "dave");
    }

    /** {@code ctl user reset_password <ref> <more…>} at the fixed clock. */
    private CtlRun.Result run(String ref, String... more) {
        List<String> words = new ArrayList<>(List.of("user", "reset_password", ref));
        words.addAll(List.of(more));
        return ctl().clock(CLOCK).run(words.toArray(String[]::new));
    }

    /** The user's reset tokens. */
    private List<PasswordResetTokensRecord> state(long user) {
        return List.copyOf(sql().selectFrom(PASSWORD_RESET_TOKENS).where(PASSWORD_RESET_TOKENS.USER_ID.eq(user)).fetch());
    }

    /** The token in a link printed on stdout, which must be the whole of stdout. */
    private static String token(Pattern link, String out) {
        Matcher m = link.matcher(out);
        assertTrue(m.matches(), () -> "stdout is not one link: " + out);
        return m.group(1);
    }

    @Test
    void theTokenIsStoredNowhereInClear() {
        var r = expect(0, run("alice"));
        String token = token(LINK, r.out());
        assertFalse(db.rows().contains(token), "the token is in the database");
    }

    @Test
    void theLinkUsesTheBaseUrl() {
        var r = expect(0, run("alice", "--base-url", "https://social.example/"));
        String token = token(Pattern.compile("https://social\\.example/password_reset/([A-Za-z0-9_-]{43})\n"), r.out());
        assertArrayEquals(sha256(token), state(alice).get(0).getTokenHash());
    }

    @Test
    void eachRunMakesANewToken() {
        String first = token(LINK, expect(0, run("alice")).out());
        String second = token(LINK, expect(0, run("alice")).out());
        assertNotEquals(first, second);
        assertEquals(2, state(alice).size());
    }

    @Test
    void quietPrintsOnlyTheLink() {
        var r = expect(0, run("alice", "-q"));
        assertEquals("", r.err());
        token(LINK, r.out());
    }

    @Test
    void dryRunJsonPrintsNothingEither() {
        String before = db.rows();
        var r = expect(0, run("alice", "--dry-run", "--json"));
        assertEquals("", r.out());
        assertEquals(before, db.rows());
    }

    @Test
    void theAuditEntryHoldsNoToken() {
        String token = token(LINK, expect(0, run("alice")).out());
        assertFalse(Rows.onlyAudit(sql()).toString().contains(token));
    }

    @Test
    void jsonIsAnObjectWithTheNicknameAndTheLink() {
        var r = expect(0, run("alice", "--json"));
        assertEquals("Generated password reset token for alice\n", r.err());
        Map<String, Object> reset = Json.object(r.out());
        assertEquals(List.of("nickname", "password_reset_url"), List.copyOf(reset.keySet()));
        assertEquals("alice", reset.get("nickname"));
        String token = token(LINK, reset.get("password_reset_url") + "\n");
        assertArrayEquals(sha256(token), state(alice).get(0).getTokenHash());
    }
    // --- --complete: finishing a reset

    private static final String NEW_PASSWORD = "a new passphrase";
    private static final String INVALID = "ctl: invalid password reset token: unknown, already used or expired\n";

    /** A fresh reset token of alice's, made at NOW. */
    private String resetToken() {
        return token(LINK, expect(0, run("alice")).out());
    }

    /** {@code ctl user reset_password --complete --token-stdin --password-stdin ARGS…}: the token, then the password. */
    private CtlRun.Result complete(Instant when, String token, String password, String... args) {
        List<String> words = new ArrayList<>(List.of("user", "reset_password", "--complete", "--token-stdin", "--password-stdin"));
        words.addAll(List.of(args));
        return ctl().clock(Clock.fixed(when, ZoneOffset.UTC)).stdin(token + "\n" + password + "\n")
                .run(words.toArray(String[]::new));
    }

    private String passwordHash(long user) {
        return sql().select(USERS.PASSWORD_HASH).from(USERS).where(USERS.ID.eq(user)).fetchOne(USERS.PASSWORD_HASH);
    }

    @Test
    void completeSetsTheNewPasswordFromTheSecondLineOfStdinAndTokenLoginThenTakesIt() {
        String token = resetToken();
        expect(5, ctl().stdin(NEW_PASSWORD + "\n").run("token", "login", "alice", "--password-stdin"));
        var r = expect(0, complete(NOW.plusSeconds(60), token, NEW_PASSWORD));
        assertEquals("Password of alice changed\n", r.err());
        assertEquals("", r.out());
        assertTrue(passwordHash(alice).startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), passwordHash(alice));
        assertTrue(Passwords.verify(NEW_PASSWORD.toCharArray(), passwordHash(alice)));
        assertEquals(NOW.plusSeconds(60), state(alice).get(0).getUsedAt().toInstant());

        var login = expect(0, ctl().stdin(NEW_PASSWORD + "\n").run("token", "login", "alice", "--password-stdin", "--json"));
        assertTrue(Json.object(login.out()).containsKey("access_token"), login::toString);
    }

    @Test
    void theWholeLinkWorksAsTheToken() {
        String link = expect(0, run("alice")).out().strip();
        expect(0, complete(NOW, link, NEW_PASSWORD));
        assertTrue(Passwords.verify(NEW_PASSWORD.toCharArray(), passwordHash(alice)));
    }

    @Test
    void theTokenComesFromAFileAndThePasswordFromStdinAFileOrTheTerminal(@TempDir Path dir) throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("token"), resetToken() + "\n");
        expect(0, ctl().clock(CLOCK).stdin(NEW_PASSWORD + "\n")
                .run("user", "reset_password", "--complete", "--token-file", tokenFile.toString(), "--password-stdin"));
        assertTrue(Passwords.verify(NEW_PASSWORD.toCharArray(), passwordHash(alice)));

        Files.writeString(tokenFile, resetToken() + "\n");
        Path passwordFile = Files.writeString(dir.resolve("password"), "from a file 1\n");
        expect(0, ctl().clock(CLOCK).run("user", "reset_password", "--complete", "--token-file", tokenFile.toString(),
                "--password-file", passwordFile.toString()));
        assertTrue(Passwords.verify("from a file 1".toCharArray(), passwordHash(alice)));

        Files.writeString(tokenFile, resetToken() + "\n");
        var terminal = new FakeTerminal("typed on a terminal", "typed on a terminal");
        expect(0, ctl().clock(CLOCK).terminal(terminal)
                .run("user", "reset_password", "--complete", "--token-file", tokenFile.toString()));
        assertEquals(List.of("Password: ", "Repeat password: "), terminal.prompts);
        assertTrue(Passwords.verify("typed on a terminal".toCharArray(), passwordHash(alice)));
    }

    @Test
    void aTokenUsedOnceExits5TheSecondTimeAndChangesNothing() {
        String token = resetToken();
        expect(0, complete(NOW, token, NEW_PASSWORD));
        String before = db.snapshot();
        var r = expect(5, complete(NOW, token, "another passphrase"));
        assertEquals(INVALID, r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void anExpiredTokenExits5WithTheSameMessageAndChangesNothing() {
        String token = resetToken();
        String before = db.snapshot();
        var r = expect(5, complete(NOW.plus(Duration.ofHours(24)), token, NEW_PASSWORD));
        assertEquals(INVALID, r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
        // a second before, it was still good
        expect(0, complete(NOW.plus(Duration.ofHours(24)).minusSeconds(1), token, NEW_PASSWORD));
    }

    @Test
    void anUnknownTokenExits5WithTheSameMessageNotEchoedAndChangesNothing() {
        resetToken();
        String before = db.snapshot();
        String madeUp = Tokens.generate();
        var r = expect(5, complete(NOW, madeUp, NEW_PASSWORD, "-v"));
        assertTrue(r.err().startsWith(INVALID), r::toString);
        assertFalse(r.toString().contains(madeUp), r::toString);
        assertFalse(r.toString().contains(NEW_PASSWORD), r::toString);
        assertEquals(before, db.snapshot());
        assertEquals(INVALID, expect(5, complete(NOW, madeUp, NEW_PASSWORD)).err());
    }

    @Test
    void anAccessTokenIsNotAResetToken() {
        Rows.apiToken(sql(), alice, "an api token");
        String before = db.snapshot();
        assertEquals(INVALID, expect(5, complete(NOW, "an api token", NEW_PASSWORD)).err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void completingSpendsTheUsersOtherLinksTooButNotOtherUsers() {
        String first = resetToken();
        String second = resetToken();
        String daves = token(LINK, expect(0, run("dave")).out());
        expect(0, complete(NOW, first, NEW_PASSWORD));
        assertEquals(INVALID, expect(5, complete(NOW, second, NEW_PASSWORD)).err());
        expect(0, complete(NOW, daves, NEW_PASSWORD));
    }

    @Test
    void dryRunSaysSoChangesNothingAndTheTokenStillWorks() {
        String token = resetToken();
        String before = db.rows();
        var r = expect(0, complete(NOW, token, NEW_PASSWORD, "--dry-run", "--sign-out"));
        assertEquals("Password of alice changed (dry run)\nalice signed out from all apps. (dry run)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.rows());
        expect(0, complete(NOW, token, NEW_PASSWORD));
    }

    @Test
    void signOutAlsoDeletesTheUsersApiTokensAndAuthorizationsOnly() {
        for (long user : new long[] {alice, dave}) {
            Rows.apiToken(sql(), user, "token of " + user);
            Rows.authorization(sql(), user, "app");
        }
        var r = expect(0, complete(NOW, resetToken(), NEW_PASSWORD, "--sign-out"));
        assertEquals("Password of alice changed\nalice signed out from all apps.\n", r.err());
        assertEquals(0, sql().fetchCount(API_TOKENS, API_TOKENS.USER_ID.eq(alice)));
        assertEquals(0, sql().fetchCount(AUTHORIZATIONS, AUTHORIZATIONS.USER_ID.eq(alice)));
        assertEquals(1, sql().fetchCount(API_TOKENS, API_TOKENS.USER_ID.eq(dave)));
        assertEquals(1, sql().fetchCount(AUTHORIZATIONS, AUTHORIZATIONS.USER_ID.eq(dave)));
    }

    @Test
    void withoutSignOutTheUsersTokensStay() {
        Rows.apiToken(sql(), alice, "a token");
        expect(0, complete(NOW, resetToken(), NEW_PASSWORD));
        assertEquals(1, sql().fetchCount(API_TOKENS, API_TOKENS.USER_ID.eq(alice)));
    }

    @Test
    void completeWritesOneUpdateAuditEntryWithoutTheTokenOrThePassword() {
        String token = resetToken();
        sql().execute("truncate audit_log restart identity");
        expect(0, complete(NOW, token, NEW_PASSWORD, "--sign-out"));
        var audit = Rows.onlyAudit(sql());
        assertEquals("user.reset_password", audit.getOperation());
        assertEquals("update", audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertEquals(Map.of("complete", true, "sign_out", true), Json.object(audit.getParameters().data()));
        assertEquals(Map.of("password_reset_tokens", 1L, "users", 1L, "api_tokens", 0L, "authorizations", 0L),
                Json.object(audit.getChanges().data()));
        assertFalse(audit.toString().contains(token));
        assertFalse(audit.toString().contains(NEW_PASSWORD));
        assertFalse(audit.toString().contains("argon2"));
    }

    @Test
    void aPasswordAgainstThePolicyExits5AndLeavesTheTokenUnused() {
        String token = resetToken();
        String before = db.snapshot();
        assertEquals("ctl: password must be at least 8 characters\n", expect(5, complete(NOW, token, "short")).err());
        assertEquals(before, db.snapshot());
        expect(0, complete(NOW, token, NEW_PASSWORD));
    }

    @Test
    void thePasswordOptionWorksButIsWarnedAbout() {
        var r = expect(0, ctl().clock(CLOCK).stdin(resetToken() + "\n")
                .run("user", "reset_password", "--complete", "--token-stdin", "--password", NEW_PASSWORD));
        assertEquals("ctl: warning: --password is visible in the process list; prefer --password-stdin or --password-file\n"
                + "Password of alice changed\n", r.err());
    }

    @Test
    void misusedOptionsExit2AndChangeNothing() {
        String token = resetToken();
        String before = db.snapshot();
        assertEquals("ctl: --complete takes no USER: the reset token names the user\n",
                expect(2, ctl().stdin(token + "\n" + NEW_PASSWORD + "\n")
                        .run("user", "reset_password", "alice", "--complete", "--token-stdin", "--password-stdin")).err());
        assertEquals("ctl: no token given: use --token-stdin or --token-file\n",
                expect(2, ctl().stdin(NEW_PASSWORD + "\n").run("user", "reset_password", "--complete", "--password-stdin")).err());
        assertEquals("ctl: no password given: use --password-stdin or --password-file (or run on a terminal)\n",
                expect(2, ctl().stdin(token + "\n").run("user", "reset_password", "--complete", "--token-stdin")).err());
        for (String option : List.of("--token-stdin", "--password-stdin", "--sign-out")) {
            assertEquals("ctl: --token-stdin, --token-file, --password-stdin, --password-file, --password and --sign-out "
                    + "go with --complete\n", expect(2, ctl().stdin(token + "\n").run("user", "reset_password", "alice", option)).err());
        }
        assertEquals("ctl: missing USER: whose password to reset (or --complete to finish a reset)\n",
                expect(2, ctl("user", "reset_password")).err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void helpShowsBothFormsWithin80Columns() {
        String help = expect(0, ctl("user", "reset_password", "--help")).out();
        assertTrue(help.contains("Examples:\n  ctl user reset_password alice\n"), help);
        assertTrue(help.contains("  printf '%s\\n%s\\n' \"$TOKEN\" \"$PASS\" |\n"
                + "    ctl user reset_password --complete --token-stdin --password-stdin\n"), help);
        help.lines().forEach(line -> assertTrue(line.length() <= 80, line));
    }
}
