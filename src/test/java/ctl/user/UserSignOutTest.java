package ctl.user;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUTHORIZATIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What is sign_out's own; the one-user contract is {@link OneUserContractTest}'s. */
class UserSignOutTest extends CtlTest {
    private long alice;

    /** alice has two API tokens and two app authorizations, dave one of each; erin has nothing to revoke. */
    @BeforeEach
    void grants() {
        Rows.reset(sql());
        alice = Rows.user(sql(), "alice");
        long dave = Rows.user(sql(), "dave");
        Rows.user(sql(), "erin");
        Rows.apiToken(sql(), alice, "alice-1");
        Rows.apiToken(sql(), alice, "alice-2");
        Rows.authorization(sql(), alice, "Tusky");
        Rows.authorization(sql(), alice, "Pinafore");
        Rows.apiToken(sql(), dave, "dave-1");
        Rows.authorization(sql(), dave, "Tusky");
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
        expect(0, ctl("user", "sign_out", "alice"));
        assertEquals(0, sql().fetchCount(API_TOKENS, API_TOKENS.USER_ID.eq(alice)));
        assertEquals(0, sql().fetchCount(AUTHORIZATIONS, AUTHORIZATIONS.USER_ID.eq(alice)));
        assertEquals(others, othersRows());
    }

    @Test
    void aUserWithNothingToRevokeSaysTheLineAndChangesNothing() {
        assertChangesNothing(0, "erin signed out from all apps.\n", "user", "sign_out", "erin");
    }
}
