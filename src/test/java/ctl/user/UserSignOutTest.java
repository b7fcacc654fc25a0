package ctl.user;

import ctl.testing.CtlTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.AUTHORIZATIONS;
import static ctl.user.UserRows.json;
import static ctl.user.UserRows.onlyAudit;
import static org.junit.jupiter.api.Assertions.assertEquals;

class UserSignOutTest extends CtlTest {
    private long alice;
    private long dave;
    private long bob;

    /**
     * alice has two API tokens and two app authorizations, dave one of each, erin none;
     * bob is remote with a token; carol is a deleted user's tombstone.
     */
    @BeforeEach
    void users() {
        UserRows.reset(sql());
        alice = UserRows.local(sql(), "alice");
        dave = UserRows.local(sql(), "dave");
        UserRows.local(sql(), "erin");
        bob = UserRows.remote(sql(), "bob");
        UserRows.tombstone(sql(), "carol");
        token(alice, "alice-1");
        token(alice, "alice-2");
        authorization(alice, "Tusky");
        authorization(alice, "Pinafore");
        token(dave, "dave-1");
        authorization(dave, "Tusky");
        token(bob, "bob-1");
    }

    private void token(long user, String secret) {
        sql().insertInto(API_TOKENS)
                .set(API_TOKENS.USER_ID, user)
                .set(API_TOKENS.LABEL, secret)
                .set(API_TOKENS.ACCESS_HASH, sha256(secret))
                .execute();
    }

    private void authorization(long user, String app) {
        sql().insertInto(AUTHORIZATIONS).set(AUTHORIZATIONS.USER_ID, user).set(AUTHORIZATIONS.APP, app).execute();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** [API tokens, authorizations] of the user. */
    private List<Integer> grants(long user) {
        return List.of(sql().fetchCount(API_TOKENS, API_TOKENS.USER_ID.eq(user)),
                sql().fetchCount(AUTHORIZATIONS, AUTHORIZATIONS.USER_ID.eq(user)));
    }

    /** Every row but alice's tokens and authorizations, and the audit log. */
    private String othersRows() {
        StringBuilder sb = new StringBuilder();
        for (String q : List.of(
                "select t::text from users t order by id",
                "select t::text from api_tokens t where user_id <> " + alice + " order by id",
                "select t::text from authorizations t where user_id <> " + alice + " order by id")) {
            sql().fetch(q).forEach(r -> sb.append(r.get(0)).append('\n'));
        }
        return sb.toString();
    }

    @Test
    void deletesTheUsersTokensAndAuthorizationsOnly() {
        String others = othersRows();
        var r = expect(0, ctl("user", "sign_out", "alice"));
        assertEquals("alice signed out from all apps.\n", r.err());
        assertEquals("", r.out());
        assertEquals(List.of(0, 0), grants(alice));
        assertEquals(List.of(1, 1), grants(dave));
        assertEquals(others, othersRows());
    }

    @Test
    void aUserWithNothingToRevokeSaysTheLineAndChangesNothing() {
        String before = db.snapshot();
        var r = expect(0, ctl("user", "sign_out", "erin"));
        assertEquals("erin signed out from all apps.\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void runningItTwiceIsSafe() {
        expect(0, ctl("user", "sign_out", "alice"));
        String before = db.snapshot();
        var r = expect(0, ctl("user", "sign_out", "alice"));
        assertEquals("alice signed out from all apps.\n", r.err());
        assertEquals(before, db.snapshot());
        assertEquals(1, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void theKebabCaseSpellingRunsTheSameTask() {
        var r = expect(0, ctl("user", "sign-out", "alice"));
        assertEquals("alice signed out from all apps.\n", r.err());
        assertEquals(List.of(0, 0), grants(alice));
        assertEquals("user.sign_out", onlyAudit(sql()).getOperation());
    }

    @Test
    void findsTheUserByEmail() {
        var r = expect(0, ctl("user", "sign_out", "ALICE@example.com"));
        assertEquals("alice signed out from all apps.\n", r.err());
        assertEquals(List.of(0, 0), grants(alice));
        assertEquals(List.of(1, 1), grants(dave));
    }

    @Test
    void findsTheUserById() {
        var r = expect(0, ctl("user", "sign_out", String.valueOf(dave)));
        assertEquals("dave signed out from all apps.\n", r.err());
        assertEquals(List.of(0, 0), grants(dave));
        assertEquals(List.of(2, 2), grants(alice));
    }

    @Test
    void aRemoteUserExits4AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(4, ctl("user", "sign_out", "bob@remote.example"));
        assertEquals("ctl: bob@remote.example is a remote user: its account lives on remote.example\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
        assertEquals(List.of(1, 0), grants(bob));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@example.com", "999999"})
    void anUnknownUserExits3AndChangesNothing(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "sign_out", ref));
        assertEquals("ctl: no user " + ref + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aDeletedUserIsNotFound() {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "sign_out", "carol"));
        assertEquals("ctl: no user carol\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunSaysSoAndChangesNothing() {
        String before = db.rows();
        var r = expect(0, ctl("user", "sign_out", "alice", "--dry-run"));
        assertEquals("alice signed out from all apps. (dry run)\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void writesOneAuditEntryWithTheCounts() {
        expect(0, ctl("user", "sign_out", "alice"));
        var audit = onlyAudit(sql());
        assertEquals("user.sign_out", audit.getOperation());
        assertEquals("delete", audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertEquals(Map.of(), json(audit.getParameters().data()));
        assertEquals(Map.of("api_tokens", 2L, "authorizations", 2L), json(audit.getChanges().data()));
    }
}
