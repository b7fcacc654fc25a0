package ctl.security;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SPEC §2 "70 is never the answer to bad stored data", for the password hash token login
 * checks: a stored hash that is malformed, or asks for more than ctl will spend, is exit 5
 * with one line saying so, before any hashing, and no token is issued.
 */
class StoredHashTest extends CtlTest {
    private static final String PASSWORD = "correct horse battery";
    private static final String SALT = "ocSoYJjJJb+AMP28rSebcw";
    private static final String HASH = "PYFzm79lZD3TfcsrneAb7UVRVQFRDJfxmZOGsZmjXEw";

    @BeforeEach
    void alice() {
        Rows.reset(sql());
        expect(0, ctl().stdin(PASSWORD + "\n").run("user", "new", "alice", "alice@example.com", "--password-stdin"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad base64 in the salt | $argon2id$v=19$m=19456,t=2,p=1$oc!oYJjJJb+AMP28rSebcw$" + HASH
                    + " | stored password hash is malformed: the salt is not unpadded base64",
            "bad base64 in the hash | $argon2id$v=19$m=19456,t=2,p=1$" + SALT + "$PYFz*79lZD3TfcsrneAb7UVRVQFRDJfxmZOGsZmjXEw"
                    + " | stored password hash is malformed: the hash is not unpadded base64",
            "m is not a number      | $argon2id$v=19$m=x,t=2,p=1$" + SALT + "$" + HASH
                    + " | stored password hash is malformed: not a PHC string of the form $argon2id$v=19$m=…,t=…,p=…$salt$hash",
            "8 GiB of memory        | $argon2id$v=19$m=8388608,t=2,p=1$" + SALT + "$" + HASH
                    + " | stored password hash is unsupported: m=8388608 KiB is outside 8..262144",
            "a thousand passes      | $argon2id$v=19$m=19456,t=1000,p=1$" + SALT + "$" + HASH
                    + " | stored password hash is unsupported: t=1000 is outside 1..10",
    })
    // the timeout guards against a hang (8 GiB or a thousand passes computed); it measures nothing
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void tokenLoginAgainstAStoredHashCtlCannotCheckIsExit5AndIssuesNothing(String what, String stored, String message) {
        sql().update(USERS).set(USERS.PASSWORD_HASH, stored).where(USERS.NICKNAME.eq("alice")).execute();
        var r = ctl().stdin(PASSWORD + "\n").run("token", "login", "alice", "--password-stdin");
        expect(5, r);
        assertEquals("ctl: " + message + "\n", r.err(), what);
        assertEquals("", r.out());
        assertEquals(0, sql().fetchCount(API_TOKENS));
        assertEquals(1, sql().fetchCount(AUDIT_LOG), "only user.new is audited");
    }
}
