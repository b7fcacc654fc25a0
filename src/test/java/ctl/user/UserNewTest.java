package ctl.user;

import ctl.security.Passwords;
import ctl.testing.CtlTest;
import ctl.testing.FakeTerminal;
import ctl.testing.Rows;
import org.jooq.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.PASSWORD_RESET_TOKENS;
import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserNewTest extends CtlTest {
    @BeforeEach
    void empty() {
        Rows.reset(sql());
    }

    private Record user(String nickname) {
        return sql().selectFrom(USERS).where(USERS.NICKNAME.eq(nickname)).fetchOne();
    }

    @Test
    void createsAUserWithEveryOptionAndAnAuditEntry() {
        var r = expect(0, ctl().stdin("correct horse\n").run("user", "new", "alice", "alice@example.com",
                "--name", "Alice A", "--bio", "two words \"q\" $HOME", "--company", "ACME", "--admin", "--moderator",
                "--no-confirmed", "--no-approved", "--tag", "Ops", "--tag", "ops", "--tag", "dev",
                "--metadata", "{\"team\": \"infra\"}", "--password-stdin"));
        assertEquals("User alice created\n", r.err());
        assertEquals("", r.out());
        var u = user("alice");
        assertEquals("alice@example.com", u.get(USERS.EMAIL));
        assertEquals("Alice A", u.get(USERS.NAME));
        assertEquals("two words \"q\" $HOME", u.get(USERS.BIO));
        assertEquals("ACME", u.get(USERS.COMPANY));
        assertTrue(u.get(USERS.ADMIN));
        assertTrue(u.get(USERS.MODERATOR));
        assertFalse(u.get(USERS.CONFIRMED));
        assertFalse(u.get(USERS.APPROVED));
        assertTrue(u.get(USERS.LOCAL));
        assertArrayEquals(new String[] {"ops", "dev"}, u.get(USERS.TAGS));
        assertEquals("{\"team\": \"infra\"}", u.get(USERS.METADATA).data());
        assertTrue(u.get(USERS.PASSWORD_HASH).startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
        assertTrue(Passwords.verify("correct horse".toCharArray(), u.get(USERS.PASSWORD_HASH)));

        var audit = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("user.new", audit.getOperation());
        assertEquals("create", audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertFalse(audit.getParameters().data().contains("correct horse"));
        assertFalse(audit.getParameters().data().contains("argon2"));
    }

    @Test
    void defaultsAreConfirmedApprovedNotAdmin() {
        expect(0, ctl().stdin("password1\n").run("user", "new", "bob", "bob@example.com", "--password-stdin"));
        var u = user("bob");
        assertTrue(u.get(USERS.CONFIRMED));
        assertTrue(u.get(USERS.APPROVED));
        assertFalse(u.get(USERS.ADMIN));
        assertFalse(u.get(USERS.MODERATOR));
        assertTrue(u.get(USERS.ACTIVATED));
    }

    @Test
    void emailAloneGivesTheNicknameFromItsLocalPart() {
        expect(0, ctl().stdin("password1\n").run("user", "new", "carol.c@example.com", "--password-stdin"));
        assertEquals("carol.c@example.com", user("carol.c").get(USERS.EMAIL));
    }

    @Test
    void superadminIsAnAliasOfAdmin() {
        expect(0, ctl().stdin("password1\n").run("user", "add", "root1", "r@example.com", "--superadmin", "--password-stdin"));
        assertTrue(user("root1").get(USERS.ADMIN));
    }

    @Test
    void withoutAPasswordOrTerminalItPrintsAResetLinkAndNeverAPassword() {
        var r = expect(0, ctl().env("CTL_BASE_URL", "https://social.example").run("user", "new", "dave", "dave@example.com"));
        assertTrue(r.out().matches("https://social\\.example/password_reset/[A-Za-z0-9_-]{43}\n"), r::toString);
        String token = r.out().trim().substring(r.out().lastIndexOf('/') + 1);
        var u = user("dave");
        assertTrue(u.get(USERS.PASSWORD_HASH).startsWith("$argon2id$"));
        var reset = sql().selectFrom(PASSWORD_RESET_TOKENS).where(PASSWORD_RESET_TOKENS.USER_ID.eq(u.get(USERS.ID))).fetchOne();
        assertArrayEquals(ctl.security.Tokens.sha256(token), reset.getTokenHash());
        assertFalse(r.err().toLowerCase().contains("password:"));
    }

    @Test
    void passwordFromAFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "from a file\n");
        expect(0, ctl("user", "new", "erin", "erin@example.com", "--password-file", file.toString()));
        assertTrue(Passwords.verify("from a file".toCharArray(), user("erin").get(USERS.PASSWORD_HASH)));
    }

    @Test
    void passwordOptionWorksButWarns() {
        var r = expect(0, ctl("user", "new", "fay", "fay@example.com", "--password", "visible pw"));
        assertTrue(r.err().contains("ctl: warning: --password is visible in the process list"), r::toString);
        assertTrue(Passwords.verify("visible pw".toCharArray(), user("fay").get(USERS.PASSWORD_HASH)));
    }

    @Test
    void onATerminalItPromptsTwiceShowsASummaryAndAsks() {
        var terminal = new FakeTerminal("s3cret pass", "s3cret pass", "y");
        var r = expect(0, ctl().terminal(terminal).run("user", "new", "gus", "gus@example.com"));
        assertEquals(java.util.List.of("Password: ", "Repeat password: ", "Continue? [y/N] "), terminal.prompts);
        assertTrue(r.err().contains("nickname:  gus"), r::toString);
        assertEquals("", r.out());
        assertTrue(Passwords.verify("s3cret pass".toCharArray(), user("gus").get(USERS.PASSWORD_HASH)));
    }

    @Test
    void declinedOnATerminalExits1AndCreatesNothing() {
        String before = db.snapshot();
        var r = expect(1, ctl().terminal(new FakeTerminal("s3cret pass", "s3cret pass", "n")).run("user", "new", "hal", "hal@example.com"));
        assertEquals("ctl: aborted, nothing changed\n", r.err().substring(r.err().lastIndexOf("ctl:")));
        assertEquals(before, db.snapshot());
    }

    @Test
    void threeMismatchedPromptsExit5() {
        String before = db.snapshot();
        var terminal = new FakeTerminal("s3cret pass", "other pass", "s3cret pass", "0ther pass", "short", "s3cret pass");
        var r = expect(5, ctl().terminal(terminal).run("user", "new", "ivy", "ivy@example.com"));
        assertEquals(2, r.err().lines().filter(l -> l.endsWith("; try again")).count(), r::toString);
        assertTrue(r.err().endsWith("ctl: password must be at least 8 characters\n")
                || r.err().endsWith("ctl: the passwords do not match\n"), r::toString);
        assertEquals(before, db.snapshot());
    }

    /** As passwd does: a typo at the prompt is asked again rather than ending the run. */
    @Test
    void aTypoAtThePromptIsAskedAgain() {
        var terminal = new FakeTerminal("s3cret pass", "s3cret pas", "short", "s3cret pass", "s3cret pass", "y");
        var r = expect(0, ctl().terminal(terminal).run("user", "new", "ivo", "ivo@example.com"));
        assertTrue(r.err().contains("ctl: warning: the passwords do not match; try again\n"), r::toString);
        assertTrue(r.err().contains("; try again\n"), r::toString);
        assertTrue(Passwords.verify("s3cret pass".toCharArray(), user("ivo").get(USERS.PASSWORD_HASH)));
    }

    @Test
    void assumeYesSkipsTheQuestionOnATerminal() {
        var terminal = new FakeTerminal();
        expect(0, ctl().terminal(terminal).stdin("password1\n").run("-y", "user", "new", "jo", "jo@example.com", "--password-stdin"));
        assertEquals(java.util.List.of(), terminal.prompts);
    }

    @Test
    void jsonPrintsTheCreatedUserWithoutAnyHash() {
        var r = expect(0, ctl().stdin("password1\n").run("user", "new", "kim", "kim@example.com", "--password-stdin", "--json"));
        assertTrue(r.out().startsWith("{\n  \"id\": "), r::toString);
        assertTrue(r.out().contains("\"nickname\": \"kim\""));
        assertFalse(r.out().contains("argon2"));
        assertFalse(r.out().contains("password"));
    }

    @Test
    void dryRunValidatesReportsAndLeavesNoRow() {
        String before = db.rows();
        var r = expect(0, ctl().stdin("password1\n").run("user", "new", "lee", "lee@example.com", "--password-stdin", "--dry-run"));
        assertEquals("User lee created (dry run)\n", r.err());
        assertEquals(before, db.rows());
    }

    @Test
    void aDryRunWithoutAPasswordPrintsNoResetLinkForTheRolledBackToken() {
        String before = db.rows();
        var r = expect(0, ctl("user", "new", "lee", "lee@example.com", "--dry-run"));
        assertEquals("User lee created (dry run)\n", r.err());
        assertEquals("", r.out());
        var json = expect(0, ctl("user", "new", "lee", "lee@example.com", "--dry-run", "--json"));
        assertTrue(json.out().contains("\"nickname\": \"lee\""), json::toString);
        assertFalse(json.out().contains("password_reset"), json::toString);
        assertEquals(before, db.rows());
    }

    @Test
    void quietLeavesOnlyData() {
        var r = expect(0, ctl("user", "new", "max", "max@example.com", "-q"));
        assertEquals("", r.err());
        assertTrue(r.out().contains("/password_reset/"));
    }

    @ParameterizedTest(name = "{0} exits {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "user new bad!nick b@example.com                   | 5 | ctl: invalid nickname \"bad!nick\": use 1-64 letters, digits, _, . or -",
            "user new okay bob@                                | 5 | ctl: invalid email \"bob@\"",
            "user new okay okay@example.com --metadata [1]     | 5 | ctl: --metadata must be a JSON object",
            "user new okay okay@example.com --metadata {x      | 5 | ctl: invalid JSON in --metadata",
            "user new okay okay@example.com --password short   | 5 | ctl: password must be at least 8 characters",
            "user new justanickname                            | 2 | ctl: missing EMAIL: ctl user new NICKNAME EMAIL, or ctl user new EMAIL",
            "user new a+b@example.com                          | 5 | ctl: invalid nickname \"a+b\": use 1-64 letters, digits, _, . or -",
            "user new okay okay@example.com --frob             | 2 | ctl: unknown option: '--frob' (see `ctl user new --help`)",
            "user new okay okay@example.com --password-stdin --password-file x | 2 | ctl: use one of --password-stdin, --password-file and --password",
    })
    void badInputExitsWithOneLineAndChangesNothing(String args, int code, String message) {
        expect(0, ctl().stdin("password1\n").run("user", "new", "taken", "taken@example.com", "--password-stdin"));
        String before = db.snapshot();
        var r = expect(code, ctl().stdin("password1\n").run(args.trim().split(" +")));
        assertEquals(message + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "TAKEN other@example.com | ctl: nickname TAKEN is taken",
            "other TAKEN@EXAMPLE.COM | ctl: email TAKEN@EXAMPLE.COM is taken"})
    void takenNicknameOrEmailExits4WithoutRegardToCase(String args, String message) {
        expect(0, ctl().stdin("password1\n").run("user", "new", "taken", "taken@example.com", "--password-stdin"));
        String before = db.snapshot();
        String[] words = args.split(" ");
        var r = expect(4, ctl().stdin("password1\n").run("user", "new", words[0], words[1], "--password-stdin"));
        assertEquals(message + "\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aDeletedUsersNicknameStaysTaken() {
        expect(0, ctl().stdin("password1\n").run("user", "new", "gone", "gone@example.com", "--password-stdin"));
        expect(0, ctl("user", "rm", "gone", "-y"));
        var r = expect(4, ctl().stdin("password1\n").run("user", "new", "gone", "new@example.com", "--password-stdin"));
        assertEquals("ctl: nickname gone is taken\n", r.err());
        assertNull(user("gone").get(USERS.EMAIL));
    }

    @Test
    void longNameAndBioAreRefused() {
        var r = expect(5, ctl("user", "new", "n", "n@example.com", "--name", "x".repeat(101)));
        assertEquals("ctl: name is longer than 100 characters\n", r.err());
        r = expect(5, ctl("user", "new", "n", "n@example.com", "--bio", "x".repeat(5001)));
        assertEquals("ctl: bio is longer than 5000 characters\n", r.err());
    }
}
