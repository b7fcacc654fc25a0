package ctl.user;

import ctl.security.Passwords;
import ctl.testing.CtlTest;
import ctl.testing.FakeTerminal;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.AUTHORIZATIONS;
import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserPasswordTest extends CtlTest {
    @BeforeEach
    void users() {
        Rows.reset(sql());
        ctl().stdin("old password\n").run("user", "new", "alice", "alice@example.com", "--password-stdin");
        ctl().stdin("old password\n").run("user", "new", "bob", "bob@example.com", "--password-stdin");
        for (long user : new long[] {1, 2}) {
            Rows.apiToken(sql(), user, "t" + user);
            Rows.authorization(sql(), user, "app");
        }
    }

    private String hash(long id) {
        return sql().select(USERS.PASSWORD_HASH).from(USERS).where(USERS.ID.eq(id)).fetchOne(USERS.PASSWORD_HASH);
    }

    @Test
    void setsTheHashFromStdinAndKeepsTokens() {
        var r = expect(0, ctl().stdin("new password\n").run("user", "password", "alice", "--password-stdin"));
        assertEquals("Password of alice changed\n", r.err());
        assertTrue(Passwords.verify("new password".toCharArray(), hash(1)));
        assertFalse(Passwords.verify("old password".toCharArray(), hash(1)));
        assertEquals(2, sql().fetchCount(API_TOKENS));
        var audit = sql().selectFrom(AUDIT_LOG).where(AUDIT_LOG.OPERATION.eq("user.password")).fetchOne();
        assertFalse(audit.getParameters().data().contains("new password"));
        assertFalse(audit.getChanges().data().contains("argon2"));
    }

    @Test
    void signOutAlsoRevokesTheUsersTokensAndAuthorizationsOnly() {
        var r = expect(0, ctl().stdin("new password\n").run("user", "password", "alice", "--password-stdin", "--sign-out"));
        assertEquals("Password of alice changed\nalice signed out from all apps.\n", r.err());
        assertEquals(0, sql().fetchCount(API_TOKENS, API_TOKENS.USER_ID.eq(1L)));
        assertEquals(0, sql().fetchCount(AUTHORIZATIONS, AUTHORIZATIONS.USER_ID.eq(1L)));
        assertEquals(1, sql().fetchCount(API_TOKENS, API_TOKENS.USER_ID.eq(2L)));
        assertEquals(1, sql().fetchCount(AUTHORIZATIONS, AUTHORIZATIONS.USER_ID.eq(2L)));
    }

    @Test
    void onATerminalItAsksTwice() {
        var terminal = new FakeTerminal("typed secret", "typed secret");
        expect(0, ctl().terminal(terminal).run("user", "password", "alice"));
        assertEquals(java.util.List.of("Password: ", "Repeat password: "), terminal.prompts);
        assertTrue(Passwords.verify("typed secret".toCharArray(), hash(1)));
    }

    @Test
    void withoutAPasswordOrATerminalItExits2AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(2, ctl("user", "password", "alice"));
        assertEquals("ctl: no password given: use --password-stdin or --password-file (or run on a terminal)\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aShortPasswordExits5BeforeLookingAnythingUp() {
        String before = db.snapshot();
        var r = expect(5, ctl().stdin("short\n").run("user", "password", "nobody", "--password-stdin"));
        assertEquals("ctl: password must be at least 8 characters\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void anUnknownUserExits3() {
        String before = db.snapshot();
        var r = expect(3, ctl().stdin("new password\n").run("user", "password", "nobody", "--password-stdin"));
        assertEquals("ctl: no user nobody\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void dryRunChangesNothing() {
        String before = db.rows();
        var r = expect(0, ctl().stdin("new password\n").run("user", "password", "alice", "--password-stdin", "--sign-out", "--dry-run"));
        assertEquals("Password of alice changed (dry run)\nalice signed out from all apps. (dry run)\n", r.err());
        assertEquals(before, db.rows());
    }
}
