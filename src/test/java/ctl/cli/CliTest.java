package ctl.cli;

import ctl.base.GlobalOptions;
import ctl.db.Schema;
import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.Rows;
import ctl.testing.TestDatabase;
import ctl.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line itself (SPEC §1, §2): global options, help, version, names, errors, exit codes. */
class CliTest extends CtlTest {

    @BeforeEach
    void alice() {
        Rows.reset(sql());
        Rows.user(sql(), "alice");
    }

    /** A run with no database configured at all: the command line alone must say which. */
    private static CtlRun bare() {
        return new CtlRun();
    }

    private static String[] words(String args) {
        return args.isBlank() ? new String[0] : args.trim().split(" +");
    }

    private static void assertOneErrorLine(CtlRun.Result r) {
        assertTrue(r.err().startsWith("ctl: "), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().endsWith("\n"), r::toString);
    }

    private static String version() throws IOException {
        Properties p = new Properties();
        try (InputStream in = CliTest.class.getResourceAsStream("/ctl/build.properties")) {
            p.load(in);
        }
        return p.getProperty("version");
    }

    // --- global options

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "--json user show alice",
            "user --json show alice",
            "user show --json alice",
            "user show alice --json",
            "--format json user show alice",
            "user show alice --format json",
            "user show alice --format JSON",
    })
    void globalOptionsWorkBeforeOrAfterTheTaskAndJsonIsFormatJson(String args) {
        var r = expect(0, ctl(words(args)));
        assertEquals(expect(0, ctl("user", "show", "alice", "--format", "json")).out(), r.out());
        assertTrue(r.out().startsWith("{\n  \"id\": 1,\n  \"nickname\": \"alice\""), r::toString);
        assertEquals("", r.err());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--database-url URL user show alice", "user --database-url URL show alice",
            "user show alice --database-url URL", "user show --database-url=URL alice"})
    void databaseUrlWorksBeforeOrAfterTheTask(String args) {
        var r = expect(0, bare().run(words(args.replace("URL", db.url()))));
        assertTrue(r.out().contains("nickname:   alice"), r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-y --dry-run user rm alice", "user -y rm --dry-run alice", "user rm alice --assume-yes --dry-run"})
    void assumeYesAndDryRunWorkBeforeOrAfterTheTask(String args) {
        String before = db.rows();
        var r = expect(0, ctl(words(args)));
        assertTrue(r.err().startsWith("User alice deleted. (dry run)\n"), r::toString);
        assertEquals(before, db.rows());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-q user rm alice -y", "user rm alice -y -q", "user rm alice -y --quiet"})
    void quietLeavesOnlyDataAndErrors(String args) {
        var r = expect(0, ctl(words(args)));
        assertEquals("", r.err());
        assertEquals("", r.out());
        assertNotNull(sql().select(USERS.DELETED_AT).from(USERS).where(USERS.NICKNAME.eq("alice")).fetchOne(USERS.DELETED_AT));
        var error = expect(3, ctl("-q", "user", "show", "nobody"));
        assertEquals("ctl: no user nobody\n", error.err());
    }

    @Test
    void anErrorIsOneLineWithoutAStackTraceUnlessVerbose() {
        var plain = expect(3, ctl("user", "show", "nobody"));
        assertEquals("ctl: no user nobody\n", plain.err());

        for (String verbose : List.of("-v", "--verbose")) {
            var r = expect(3, ctl("user", "show", "nobody", verbose));
            assertTrue(r.err().startsWith("ctl: no user nobody\n"), r::toString);
            assertTrue(r.err().contains("\tat ctl."), "no stack trace with " + verbose + ":\n" + r);
            assertEquals("", r.out());
        }
        var before = expect(3, ctl("-v", "user", "show", "nobody"));
        assertTrue(before.err().contains("\tat ctl."), before::toString);
    }

    /** A database whose users table refuses every insert with an error no task expects. */
    private void withABrokenDatabase(Consumer<TestDatabase> test) {
        TestDatabase broken = TestServer.get().createDatabase("CliTestBroken");
        try {
            broken.sql().execute("create function refuse() returns trigger language plpgsql as "
                    + "$$ begin raise exception 'refused by a trigger'; end $$");
            broken.sql().execute("create trigger refuse before insert on users for each row execute function refuse()");
            test.accept(broken);
        } finally {
            broken.drop();
        }
    }

    @Test
    void anInternalErrorExits70WithOneLineAndAHint() {
        withABrokenDatabase(broken -> {
            var r = expect(70, bare().env("DATABASE_URL", broken.url()).stdin("password1\n")
                    .run("user", "new", "zed", "zed@example.com", "--password-stdin"));
            assertTrue(r.err().startsWith("ctl: internal error: "), r::toString);
            assertTrue(r.err().endsWith(" (rerun with -v for the stack trace)\n"), r::toString);
            assertFalse(r.err().contains("\tat "), r::toString);
            assertOneErrorLine(r);
        });
    }

    @Test
    void verboseShowsTheStackTraceOfAnInternalError() {
        withABrokenDatabase(broken -> {
            var r = expect(70, bare().env("DATABASE_URL", broken.url()).stdin("password1\n")
                    .run("user", "new", "zed", "zed@example.com", "--password-stdin", "-v"));
            assertTrue(r.err().startsWith("ctl: internal error: "), r::toString);
            assertTrue(r.err().contains("\tat "), r::toString);
            assertFalse(r.err().contains("rerun with -v"), r::toString);
        });
    }

    // --- usage errors

    @ParameterizedTest(name = "{0} exits 2: {1}")
    @CsvSource(delimiter = '|', value = {
            "frob                  | ctl: unknown task 'frob' for ctl (see `ctl --help`)",
            "user frob             | ctl: unknown task 'frob' for ctl user (see `ctl user --help`)",
            "user list --frob      | ctl: unknown option: '--frob' (see `ctl user list --help`)",
            "--frob user list      | ctl: unknown option: '--frob' (see `ctl --help`)",
            "migrate --frob        | ctl: unknown option: '--frob' (see `ctl migrate --help`)",
            "user show             | ctl: missing required parameter: 'USER' (see `ctl user show --help`)",
            "user rm               | ctl: missing required parameter: 'USER' (see `ctl user rm --help`)",
            "user show alice extra | ctl: unmatched argument at index 3: 'extra' (see `ctl user show --help`)",
            // a name one edit away (two for a longer one) is suggested, once per command or option
            "usr list              | ctl: unknown task 'usr' for ctl; did you mean user? (see `ctl --help`)",
            "user shw alice        | ctl: unknown task 'shw' for ctl user; did you mean show? (see `ctl user --help`)",
            "token lst             | ctl: unknown task 'lst' for ctl token; did you mean list? (see `ctl token --help`)",
            "user prune_invite     | ctl: unknown task 'prune_invite' for ctl user; did you mean prune_invites? (see `ctl user --help`)",
            "group ad-user x y     | ctl: unknown task 'ad-user' for ctl group; did you mean add-user? (see `ctl group --help`)",
            "user list --dryrun    | ctl: unknown option: '--dryrun'; did you mean --dry-run? (see `ctl user list --help`)",
            "user list --limt=5    | ctl: unknown option: '--limt=5'; did you mean --limit? (see `ctl user list --help`)",
    })
    void usageErrorsExit2WithOneLineAndChangeNothing(String args, String message) {
        String before = db.snapshot();
        var r = expect(2, ctl(words(args)));
        assertEquals(message + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"user", "users", ""})
    void aGroupOrNothingAtAllExits2NamingTheTasks(String args) {
        var r = expect(2, ctl(words(args)));
        assertOneErrorLine(r);
        assertTrue(r.err().startsWith("ctl: missing task: "), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void aGroupAloneNamesItsTasks() {
        var r = expect(2, ctl("user"));
        assertTrue(r.err().contains("new") && r.err().contains("list") && r.err().contains("rm"), r::toString);
    }

    @Test
    void aBadFormatExits2() {
        var r = expect(2, ctl("user", "show", "alice", "--format", "xml"));
        assertOneErrorLine(r);
        assertTrue(r.err().contains("--format") && r.err().contains("xml"), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void usageErrorsAndHelpNeverConnect() {
        String unreachable = "postgres://u:sekret@127.0.0.1:1/nodb";
        expect(2, bare().run("--database-url", unreachable, "user", "list", "--frob"));
        expect(2, bare().run("--database-url", unreachable, "user", "list", "--page", "2"));
        expect(0, bare().run("--database-url", unreachable, "user", "list", "--help"));
        expect(0, bare().run("--database-url", unreachable, "-V"));
    }

    // --- help and version

    /** Every command of the table, found from the table itself, so a new task cannot be missed. */
    static List<String> everyCommand() {
        List<String> names = new ArrayList<>();
        collect(Cli.commandLine(new ctl.core.Context(new CtlRun().environment(), new GlobalOptions()), new GlobalOptions()), names);
        return names;
    }

    private static void collect(picocli.CommandLine cl, List<String> names) {
        names.add(cl.getCommandSpec().qualifiedName().replaceFirst("^ctl ?", ""));
        for (var sub : new java.util.LinkedHashSet<>(cl.getSubcommands().values())) {
            collect(sub, names);
        }
    }

    @ParameterizedTest(name = "ctl {0} --help")
    @org.junit.jupiter.params.provider.MethodSource("everyCommand")
    void everyCommandInTheTableHasHelpWithASummaryAndAnExample(String command) {
        for (String help : List.of("--help", "-h")) {
            List<String> args = new ArrayList<>(List.of(words(command)));
            args.add(help);
            var r = expect(0, bare().run(args.toArray(String[]::new)));
            assertTrue(r.out().startsWith("Usage: ctl"), r::toString);
            int examples = r.out().indexOf("\nExamples:\n  ");
            assertTrue(examples > 0 && r.out().indexOf("ctl " + command, examples) > 0, r::toString);
            assertEquals("", r.err());
        }
    }

    @ParameterizedTest(name = "ctl {0} --help")
    @org.junit.jupiter.params.provider.MethodSource("everyCommand")
    void everyHelpFitsEightyColumnsAndPutsTheCommandsOwnOptionsBeforeAShortGlobalSection(String command) {
        List<String> args = new ArrayList<>(List.of(words(command)));
        args.add("--help");
        String help = expect(0, bare().run(args.toArray(String[]::new))).out();
        for (String line : help.split("\n")) {
            assertTrue(line.length() <= 80, () -> "over 80 columns: " + line);
        }
        if (help.contains("\nCommands:\n")) { // a group: one screen, a line a task
            assertTrue(help.split("\n").length <= 50, help);
        }
        if (command.isEmpty()) { // the top lists the global options in full
            assertTrue(help.contains("--database-url=URL   PostgreSQL URL"), help);
            return;
        }
        assertTrue(help.startsWith("Usage: ctl " + command + " [OPTIONS]"), help);
        int global = help.indexOf("\nGlobal options (see `ctl --help`):\n");
        int examples = help.indexOf("\nExamples:\n");
        assertTrue(global > 0 && examples > global, help);
        assertTrue(help.substring(global, examples).strip().split("\n").length <= 4, help);
        assertFalse(help.substring(0, global).contains("--database-url"), "no global option among the command's own: " + help);
    }

    @Test
    void aTasksOwnOptionsAreListedInFull() {
        String help = expect(0, bare().run("user", "list", "--help")).out();
        assertTrue(help.indexOf("--limit=N") < help.indexOf("Global options"), help);
        assertTrue(help.contains("--admin              Admins only."), help);
    }

    @Test
    void everySnakeCaseTaskAlsoAnswersToItsKebabCaseSpelling() {
        var root = Cli.commandLine(new ctl.core.Context(new CtlRun().environment(), new GlobalOptions()), new GlobalOptions());
        List<String> missing = new ArrayList<>();
        for (var group : root.getSubcommands().values()) {
            for (var entry : group.getSubcommands().entrySet()) {
                String name = entry.getKey();
                String other = name.contains("_") ? name.replace('_', '-') : name.replace('-', '_');
                if (!group.getSubcommands().containsKey(other)) {
                    missing.add(group.getCommandName() + " " + name + " (no " + other + ")");
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void helpComesBeforeTheTaskToo() {
        var r = expect(0, bare().run("user", "--help"));
        assertTrue(r.out().startsWith("Usage: ctl user"), r::toString);
        assertTrue(r.out().contains("rm, remove, delete"), r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-V", "--version", "user list -V", "user -V", "migrate --version", "user show alice -V"})
    void versionPrintsCtlAndTheVersionWhereverItIsGiven(String args) throws IOException {
        var r = expect(0, bare().run(words(args)));
        assertEquals("ctl " + version() + "\n", r.out());
        assertEquals("", r.err());
    }

    // --- task names

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "user get alice  | user show alice",
            "users show alice | user show alice",
    })
    void aliasesNameTheSameTask(String alias, String task) {
        assertEquals(expect(0, ctl(words(task))).out(), expect(0, ctl(words(alias))).out());
    }

    @Test
    void addAndCreateAreAliasesOfNew() {
        expect(0, ctl().stdin("password1\n").run("user", "add", "bob", "bob@example.com", "--password-stdin"));
        expect(0, ctl().stdin("password1\n").run("user", "create", "carol", "carol@example.com", "--password-stdin"));
        assertEquals(List.of("alice", "bob", "carol"),
                sql().select(USERS.NICKNAME).from(USERS).orderBy(USERS.ID).fetch(USERS.NICKNAME));
    }

    @ParameterizedTest(name = "user {0}")
    @ValueSource(strings = {"remove", "delete"})
    void removeAndDeleteAreAliasesOfRm(String alias) {
        var r = expect(0, ctl("user", alias, "alice", "-y"));
        assertTrue(r.err().startsWith("User alice deleted.\n"), r::toString);
        assertNotNull(sql().select(USERS.DELETED_AT).from(USERS).where(USERS.NICKNAME.eq("alice")).fetchOne(USERS.DELETED_AT));
    }

    // --- the database

    @Test
    void anUnreachableDatabaseExits6NamingHostPortAndDatabaseButNeverThePassword() {
        for (String verbose : List.of("-q", "-v")) {
            var r = expect(6, bare().env("DATABASE_URL", "postgres://u:sekret@127.0.0.1:1/nodb").run("user", "list", verbose));
            assertTrue(r.err().startsWith("ctl: "), r::toString);
            assertTrue(r.err().lines().findFirst().orElseThrow().contains("127.0.0.1:1/nodb"), r::toString);
            assertFalse(r.err().contains("sekret"), r::toString);
            assertEquals("", r.out());
            if (verbose.equals("-q")) {
                assertOneErrorLine(r);
            }
        }
    }

    @Test
    void aPasswordInAJdbcUrlIsNeverShownEither() {
        var r = expect(6, bare().run("--database-url", "jdbc:postgresql://127.0.0.1:1/nodb?user=u&password=sekret",
                "user", "list"));
        // first the warning that the password is on the command line, then the one error
        assertTrue(r.err().startsWith("ctl: warning: a password in --database-url is visible in the process list; "), r::toString);
        r = new CtlRun.Result(r.code(), r.out(), r.err().substring(r.err().indexOf('\n') + 1));
        assertOneErrorLine(r);
        assertTrue(r.err().contains("127.0.0.1:1/nodb"), r::toString);
        assertFalse(r.err().contains("sekret"), r::toString);
    }

    @Test
    void aDatabaseThatDoesNotExistExits6() {
        String missing = db.url().substring(0, db.url().lastIndexOf('/') + 1) + "ctl_no_such_database";
        var r = expect(6, bare().env("DATABASE_URL", missing).run("user", "list"));
        assertOneErrorLine(r);
        assertTrue(r.err().contains("/ctl_no_such_database"), r::toString);
        assertTrue(r.err().contains("does not exist"), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void anEmptyDatabaseExits8AskingForMigrate() {
        TestDatabase empty = TestServer.get().createEmptyDatabase("CliTestEmpty");
        try {
            var r = expect(8, bare().env("DATABASE_URL", empty.url()).run("user", "list"));
            assertEquals("ctl: database schema is at 0, this ctl needs " + Schema.VERSION + ": run `ctl migrate`\n", r.err());
            assertEquals("", r.out());
            assertEquals("", empty.rows());
        } finally {
            empty.drop();
        }
    }

    @Test
    void aDatabaseBehindExits8NamingBothVersions() {
        TestDatabase behind = TestServer.get().createDatabase("CliTestBehind");
        try {
            behind.sql().execute("delete from flyway_schema_history where version::int > 3");
            var r = expect(8, bare().env("DATABASE_URL", behind.url()).run("user", "show", "1"));
            assertEquals("ctl: database schema is at 3, this ctl needs " + Schema.VERSION + ": run `ctl migrate`\n", r.err());
        } finally {
            behind.drop();
        }
    }

    @Test
    void aDatabaseAheadOfThisCtlExits8() {
        TestDatabase ahead = TestServer.get().createDatabase("CliTestAhead");
        try {
            ahead.sql().execute("insert into flyway_schema_history (installed_rank, version, description, type, script, "
                    + "checksum, installed_by, execution_time, success) "
                    + "select max(installed_rank) + 1, ?, 'from the future', 'SQL', 'V' || ? || '__from_the_future.sql', "
                    + "0, 'postgres', 1, true from flyway_schema_history",
                    String.valueOf(Schema.VERSION + 1), String.valueOf(Schema.VERSION + 1));
            var r = expect(8, bare().env("DATABASE_URL", ahead.url()).run("user", "list"));
            assertOneErrorLine(r);
            assertTrue(r.err().contains("newer than this ctl"), r::toString);
            assertTrue(r.err().contains("is at " + (Schema.VERSION + 1)), r::toString);
            assertEquals("", r.out());
        } finally {
            ahead.drop();
        }
    }

    @Test
    void aFailedMigrationDoesNotCountAsApplied() {
        TestDatabase failed = TestServer.get().createDatabase("CliTestFailed");
        try {
            failed.sql().execute("update flyway_schema_history set success = false where version = ?",
                    String.valueOf(Schema.VERSION));
            var r = expect(8, bare().env("DATABASE_URL", failed.url()).run("user", "list"));
            assertEquals("ctl: database schema is at " + (Schema.VERSION - 1) + ", this ctl needs " + Schema.VERSION
                    + ": run `ctl migrate`\n", r.err());
        } finally {
            failed.drop();
        }
    }
}
