package ctl.user;

import ctl.testing.CtlRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUTHORIZATIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The common tests sign out alice (two API tokens, two app authorizations) or dave (one of
 * each) ({@link OneUserTaskContract}).
 */
class UserSignOutTest extends OneUserTaskContract {
    @Override
    protected String task() {
        return "sign_out";
    }

    @Override
    protected String says(String nickname) {
        return nickname + " signed out from all apps.\n";
    }

    /** [API tokens, authorizations] of the user. */
    @Override
    protected List<Integer> state(long user) {
        return List.of(sql().fetchCount(API_TOKENS, API_TOKENS.USER_ID.eq(user)),
                sql().fetchCount(AUTHORIZATIONS, AUTHORIZATIONS.USER_ID.eq(user)));
    }

    @Override
    protected void assertChanged(long user, CtlRun.Result run) {
        assertEquals("", run.out());
        assertEquals(List.of(0, 0), state(user));
    }

    @Override
    protected String auditActionKind() {
        return "delete";
    }

    @Override
    protected Map<String, Object> auditParameters() {
        return Map.of();
    }

    /** What alice had. */
    @Override
    protected Map<String, Object> auditChanges() {
        return Map.of("api_tokens", 2L, "authorizations", 2L);
    }

    /** erin has nothing to revoke; bob (remote) has a token. */
    @BeforeEach
    void grants() {
        UserRows.local(sql(), "erin");
        token(alice, "alice-1");
        token(alice, "alice-2");
        authorization(alice, "Tusky");
        authorization(alice, "Pinafore");
        token(dave, "dave-1");
        authorization(dave, "Tusky");
        token(bob, "bob-1");
    }

    private void token(long user, String secret) {
        UserRows.apiToken(sql(), user, secret);
    }

    private void authorization(long user, String app) {
        sql().insertInto(AUTHORIZATIONS).set(AUTHORIZATIONS.USER_ID, user).set(AUTHORIZATIONS.APP, app).execute();
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
        expect(0, run("alice"));
        assertEquals(List.of(0, 0), state(alice));
        assertEquals(others, othersRows());
    }

    @Test
    void aUserWithNothingToRevokeSaysTheLineAndChangesNothing() {
        assertChangesNothing(0, "erin signed out from all apps.\n", "erin");
    }

    @Test
    void runningItTwiceIsSafe() {
        assertRunningItTwiceIsSafe(says("alice"));
    }

    @Test
    void theKebabCaseSpellingRunsTheSameTask() {
        assertRunsTheSameTask("sign-out");
    }

    @Test
    void aRemoteUserExits4AndChangesNothing() {
        assertARemoteUserIsRefused();
        assertEquals(List.of(1, 0), state(bob));
    }
}
