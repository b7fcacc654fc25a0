package ctl.user;

import ctl.db.schema.tables.records.PasswordResetTokensRecord;
import ctl.testing.CtlRun;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static ctl.db.schema.Tables.PASSWORD_RESET_TOKENS;
import static ctl.user.UserRows.NOW;
import static ctl.user.UserRows.json;
import static ctl.user.UserRows.onlyAudit;
import static ctl.user.UserRows.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The common tests make a reset link for alice or dave, who have none: the link on stdout,
 * only the token's hash stored, valid for 24 hours ({@link OneUserTaskContract}).
 */
class UserResetPasswordTest extends OneUserTaskContract {
    /** 256 bits, URL-safe base64 without padding. */
    private static final Pattern LINK = Pattern.compile("http://localhost:4000/password_reset/([A-Za-z0-9_-]{43})\n");

    @Override
    protected String task() {
        return "reset_password";
    }

    @Override
    protected String says(String nickname) {
        return "Generated password reset token for " + nickname + "\n";
    }

    @Override
    protected List<PasswordResetTokensRecord> state(long user) {
        return List.copyOf(sql().selectFrom(PASSWORD_RESET_TOKENS).where(PASSWORD_RESET_TOKENS.USER_ID.eq(user)).fetch());
    }

    /** The link is the whole of stdout; the user's one reset token is its hash, valid 24 hours, unused. */
    @Override
    protected void assertChanged(long user, CtlRun.Result run) {
        String token = token(LINK, run.out());
        List<PasswordResetTokensRecord> resets = state(user);
        assertEquals(1, resets.size());
        assertArrayEquals(sha256(token), resets.get(0).getTokenHash());
        assertEquals(NOW.plus(Duration.ofHours(24)), resets.get(0).getExpiresAt().toInstant());
        assertNull(resets.get(0).getUsedAt());
    }

    @Override
    protected String auditActionKind() {
        return "create";
    }

    @Override
    protected Map<String, Object> auditParameters() {
        return Map.of();
    }

    @Override
    protected Map<String, Object> auditChanges() {
        return Map.of("password_reset_tokens", 1L);
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
    void theKebabCaseSpellingRunsTheSameTask() {
        assertRunsTheSameTask("reset-password");
    }

    @Test
    void aRemoteUserExits4AndChangesNothing() {
        assertARemoteUserIsRefused();
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
        assertFalse(onlyAudit(sql()).toString().contains(token));
    }

    @Test
    void jsonIsAnObjectWithTheNicknameAndTheLink() {
        var r = expect(0, run("alice", "--json"));
        assertEquals("Generated password reset token for alice\n", r.err());
        Map<String, Object> reset = json(r.out());
        assertEquals(List.of("nickname", "password_reset_url"), List.copyOf(reset.keySet()));
        assertEquals("alice", reset.get("nickname"));
        String token = token(LINK, reset.get("password_reset_url") + "\n");
        assertArrayEquals(sha256(token), state(alice).get(0).getTokenHash());
    }
}
