package ctl.user;

import ctl.db.schema.tables.records.PasswordResetTokensRecord;
import ctl.testing.CtlTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.PASSWORD_RESET_TOKENS;
import static ctl.user.UserRows.CLOCK;
import static ctl.user.UserRows.NOW;
import static ctl.user.UserRows.json;
import static ctl.user.UserRows.onlyAudit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserResetPasswordTest extends CtlTest {
    /** 256 bits, URL-safe base64 without padding. */
    private static final Pattern LINK = Pattern.compile("http://localhost:4000/password_reset/([A-Za-z0-9_-]{43})\n");

    private long alice;
    private long dave;

    /** alice and dave are local, bob remote, carol a deleted user's tombstone. */
    @BeforeEach
    void users() {
        UserRows.reset(sql());
        alice = UserRows.local(sql(), "alice");
        dave = UserRows.local(sql(), "dave");
        UserRows.remote(sql(), "bob");
        UserRows.tombstone(sql(), "carol");
    }

    /** The token in a link printed on stdout, which must be the whole of stdout. */
    private static String token(Pattern link, String out) {
        Matcher m = link.matcher(out);
        assertTrue(m.matches(), () -> "stdout is not one link: " + out);
        return m.group(1);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<PasswordResetTokensRecord> resets(long user) {
        return sql().selectFrom(PASSWORD_RESET_TOKENS).where(PASSWORD_RESET_TOKENS.USER_ID.eq(user)).fetch();
    }

    @Test
    void printsTheLinkAndStoresOnlyTheTokensHashValidFor24Hours() {
        var r = expect(0, ctl().clock(CLOCK).run("user", "reset_password", "alice"));
        assertEquals("Generated password reset token for alice\n", r.err());
        String token = token(LINK, r.out());

        List<PasswordResetTokensRecord> resets = resets(alice);
        assertEquals(1, resets.size());
        assertArrayEquals(sha256(token), resets.get(0).getTokenHash());
        assertEquals(NOW.plus(Duration.ofHours(24)), resets.get(0).getExpiresAt().toInstant());
        assertNull(resets.get(0).getUsedAt());
        assertEquals(List.of(), resets(dave));
    }

    @Test
    void theTokenIsStoredNowhereInClear() {
        var r = expect(0, ctl("user", "reset_password", "alice"));
        String token = token(LINK, r.out());
        assertFalse(db.rows().contains(token), "the token is in the database");
    }

    @Test
    void theLinkUsesTheBaseUrl() {
        var r = expect(0, ctl("user", "reset_password", "alice", "--base-url", "https://social.example/"));
        String token = token(Pattern.compile("https://social\\.example/password_reset/([A-Za-z0-9_-]{43})\n"), r.out());
        assertArrayEquals(sha256(token), resets(alice).get(0).getTokenHash());
    }

    @Test
    void eachRunMakesANewToken() {
        String first = token(LINK, expect(0, ctl("user", "reset_password", "alice")).out());
        String second = token(LINK, expect(0, ctl("user", "reset_password", "alice")).out());
        assertNotEquals(first, second);
        assertEquals(2, resets(alice).size());
    }

    @Test
    void quietPrintsOnlyTheLink() {
        var r = expect(0, ctl("user", "reset_password", "alice", "-q"));
        assertEquals("", r.err());
        token(LINK, r.out());
    }

    @Test
    void theKebabCaseSpellingRunsTheSameTask() {
        var r = expect(0, ctl("user", "reset-password", "alice"));
        assertEquals("Generated password reset token for alice\n", r.err());
        token(LINK, r.out());
        assertEquals(1, resets(alice).size());
        assertEquals("user.reset_password", onlyAudit(sql()).getOperation());
    }

    @Test
    void findsTheUserByEmail() {
        var r = expect(0, ctl("user", "reset_password", "ALICE@example.com"));
        assertEquals("Generated password reset token for alice\n", r.err());
        assertArrayEquals(sha256(token(LINK, r.out())), resets(alice).get(0).getTokenHash());
        assertEquals(List.of(), resets(dave));
    }

    @Test
    void findsTheUserById() {
        var r = expect(0, ctl("user", "reset_password", String.valueOf(dave)));
        assertEquals("Generated password reset token for dave\n", r.err());
        assertArrayEquals(sha256(token(LINK, r.out())), resets(dave).get(0).getTokenHash());
        assertEquals(List.of(), resets(alice));
    }

    @Test
    void aRemoteUserExits4AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(4, ctl("user", "reset_password", "bob@remote.example"));
        assertEquals("ctl: bob@remote.example is a remote user: its account lives on remote.example\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@example.com", "999999"})
    void anUnknownUserExits3AndChangesNothing(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "reset_password", ref));
        assertEquals("ctl: no user " + ref + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aDeletedUserIsNotFound() {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "reset_password", "carol"));
        assertEquals("ctl: no user carol\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunPrintsNoLinkAndLeavesNoToken() {
        String before = db.rows();
        var r = expect(0, ctl("user", "reset_password", "alice", "--dry-run"));
        assertEquals("Generated password reset token for alice (dry run)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void dryRunJsonPrintsNothingEither() {
        String before = db.rows();
        var r = expect(0, ctl("user", "reset_password", "alice", "--dry-run", "--json"));
        assertEquals("", r.out());
        assertEquals(before, db.rows());
    }

    @Test
    void writesOneAuditEntryWithoutTheToken() {
        var r = expect(0, ctl("user", "reset_password", "alice"));
        String token = token(LINK, r.out());
        var audit = onlyAudit(sql());
        assertEquals("user.reset_password", audit.getOperation());
        assertEquals("create", audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertEquals(Map.of(), json(audit.getParameters().data()));
        assertEquals(Map.of("password_reset_tokens", 1L), json(audit.getChanges().data()));
        assertFalse(audit.toString().contains(token));
    }

    @Test
    void jsonIsAnObjectWithTheNicknameAndTheLink() {
        var r = expect(0, ctl("user", "reset_password", "alice", "--json"));
        assertEquals("Generated password reset token for alice\n", r.err());
        Map<String, Object> reset = json(r.out());
        assertEquals(List.of("nickname", "password_reset_url"), List.copyOf(reset.keySet()));
        assertEquals("alice", reset.get("nickname"));
        String token = token(LINK, reset.get("password_reset_url") + "\n");
        assertArrayEquals(sha256(token), resets(alice).get(0).getTokenHash());
    }
}
