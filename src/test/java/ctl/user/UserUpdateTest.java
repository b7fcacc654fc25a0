package ctl.user;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserUpdateTest extends CtlTest {
    @BeforeEach
    void users() {
        Rows.reset(sql());
        ctl().stdin("password1\n").run("user", "new", "alice", "alice@example.com", "--password-stdin");
        ctl().stdin("password1\n").run("user", "new", "bob", "bob@example.com", "--password-stdin");
        Rows.remote(sql(), "dina");
        sql().execute("truncate audit_log");
    }

    private org.jooq.Record alice() {
        return sql().selectFrom(USERS).where(USERS.ID.eq(1L)).fetchOne();
    }

    @Test
    void changesTheProfileFieldsGivenAndNothingElse() {
        var before = alice();
        var r = expect(0, ctl("user", "update", "alice", "--name", "Alice L", "--bio", "Down the hole", "--company", "Tea Party"));
        assertEquals("User alice updated: name, bio, company\n", r.err());
        var after = alice();
        assertEquals("Alice L", after.get(USERS.NAME));
        assertEquals("Down the hole", after.get(USERS.BIO));
        assertEquals("Tea Party", after.get(USERS.COMPANY));
        assertEquals(before.get(USERS.EMAIL), after.get(USERS.EMAIL));
        assertNotEquals(before.get(USERS.UPDATED_AT), after.get(USERS.UPDATED_AT));
        var audit = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("user.update", audit.getOperation());
        assertEquals("update", audit.getActionKind());
        assertTrue(audit.getParameters().data().contains("\"name\": \"Alice L\""), audit.getParameters().data());
    }

    @Test
    void aNewEmailNeedsConfirmingUnlessConfirmedIsGiven() {
        expect(0, ctl("user", "update", "alice", "--email", "alice@new.example"));
        assertEquals("alice@new.example", alice().get(USERS.EMAIL));
        assertFalse(alice().get(USERS.CONFIRMED));
        expect(0, ctl("user", "update", "alice", "--email", "alice@newer.example", "--confirmed"));
        assertTrue(alice().get(USERS.CONFIRMED));
    }

    @Test
    void nicknameChangesWhenFreeAndTheOldOneIsReleased() {
        expect(0, ctl("user", "update", "alice", "--nickname", "alicia"));
        assertEquals("alicia", alice().get(USERS.NICKNAME));
        expect(0, ctl("user", "show", "alicia"));
        expect(3, ctl("user", "show", "alice"));
    }

    @Test
    void metadataAndTagsAreReplaced() {
        expect(0, ctl("user", "update", "alice", "--metadata", "{\"a\": 1}", "--tags", "X,y,x"));
        expect(0, ctl("user", "update", "alice", "--metadata", "{\"b\": 2}", "--tags", "z"));
        assertEquals("{\"b\": 2}", alice().get(USERS.METADATA).data());
        assertArrayEquals(new String[] {"z"}, alice().get(USERS.TAGS));
    }

    @Test
    void jsonPrintsTheUserAfterTheChange() {
        var r = expect(0, ctl("user", "update", "alice", "--name", "Al", "--json"));
        assertTrue(r.out().contains("\"name\": \"Al\""), r::toString);
    }

    @Test
    void dryRunChangesNothing() {
        String before = db.rows();
        var r = expect(0, ctl("user", "update", "alice", "--name", "Nope", "--dry-run"));
        assertEquals("User alice updated: name (dry run)\n", r.err());
        assertEquals(before, db.rows());
    }

    @ParameterizedTest(name = "{0} exits {1}")
    @CsvSource(delimiter = '|', value = {
            "user update alice                                  | 2 | ctl: nothing to update: give --name, --bio, --company, --email, --nickname, --metadata or --tags",
            "user update alice --confirmed                      | 2 | ctl: --confirmed goes with --email",
            "user update nobody --name x                        | 3 | ctl: no user nobody",
            "user update alice --nickname BOB                   | 4 | ctl: nickname BOB is taken",
            "user update alice --email BOB@example.com          | 4 | ctl: email BOB@example.com is taken",
            "user update dina@remote.example --email d@x.example | 4 | ctl: dina@remote.example is a remote user: its email and nickname belong to its instance",
            "user update alice --email nope@                    | 5 | ctl: invalid email \"nope@\"",
            "user update alice --nickname bad!                  | 5 | ctl: invalid nickname \"bad!\": use 1-64 letters, digits, _, . or -",
            "user update alice --metadata [1]                   | 5 | ctl: --metadata must be a JSON object",
    })
    void badInputExitsWithOneLineAndChangesNothing(String args, int code, String message) {
        String before = db.snapshot();
        var r = expect(code, ctl(args.trim().split(" +")));
        assertEquals(message + "\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aDeletedUsersNicknameCannotBeTaken() {
        expect(0, ctl("user", "rm", "bob", "-y"));
        var r = expect(4, ctl("user", "update", "alice", "--nickname", "bob"));
        assertEquals("ctl: nickname bob is taken\n", r.err());
    }
}
