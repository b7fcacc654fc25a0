package ctl.user;

import ctl.db.schema.tables.records.PasswordResetTokensRecord;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.jooq.DSLContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.AUTHORIZATIONS;
import static ctl.db.schema.Tables.PASSWORD_RESET_TOKENS;
import static ctl.testing.Rows.CLOCK;
import static ctl.testing.Rows.NOW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract of the tasks that change one user given as USER in one transaction, without a
 * confirmation ({@code ctl user <task> USER …}: the states and their toggles, set, tag and untag,
 * sign_out, reset_password; SPEC §1, §2, §4, §4.1, §4.6, §6). The {@link #TASKS table} says, for
 * each task, how its users start, what it says and changes, its audit entry, what a second run
 * says, its other spellings and what it does to a remote user; each test below is one clause of
 * the contract, run for every row it applies to. What is a task's own stays in its test class
 * ({@code UserTagTest}, …). The one-user tasks of other shapes (show, update, password, rm, the
 * bulk ones, token create and login) are not rows here: each has its own test class, its
 * unknown user included.
 *
 * <p>Each run starts from the same users, all started as the task's row says: alice and dave
 * (local), bob@remote.example (remote) and carol (a deleted user's tombstone).
 */
class OneUserContractTest extends CtlTest {
    /** A reset link on stdout: 256 bits, URL-safe base64 without padding. */
    static final Pattern RESET_LINK = Pattern.compile("http://localhost:4000/password_reset/([A-Za-z0-9_-]{43})\n");

    /** One row per task; all of them write (so a read-only database stops each), none asks for confirmation. */
    static final List<Task> TASKS = List.of(
            task("activate").startAs(u -> u.setActivated(false))
                    .says(n -> "Successfully activated " + n + "\n")
                    .sets(Map.of("activated", true))
                    .again(n -> "User " + n + " already activated\n").spellings("enable").remote(Remote.CHANGED),
            task("deactivate")
                    .says(n -> "Successfully deactivated " + n + "\n")
                    .sets(Map.of("activated", false))
                    .again(n -> "User " + n + " already deactivated\n").spellings("disable").remote(Remote.CHANGED),
            task("toggle_activated")
                    .says(n -> "Activation status of " + n + ": deactivated\n")
                    .sets(Map.of("activated", false))
                    .spellings("toggle-activated").remote(Remote.CHANGED),
            task("confirm").startAs(u -> u.setConfirmed(false))
                    .says(n -> n + " doesn't need confirmation.\n")
                    .sets(Map.of("confirmed", true))
                    .again(n -> "User " + n + " already confirmed\n").remote(Remote.CHANGED),
            task("unconfirm")
                    .says(n -> n + " needs confirmation.\n")
                    .sets(Map.of("confirmed", false))
                    .again(n -> "User " + n + " already unconfirmed\n").remote(Remote.CHANGED),
            task("toggle_confirmed")
                    .says(n -> n + " needs confirmation.\n")
                    .sets(Map.of("confirmed", false))
                    .spellings("toggle-confirmed").remote(Remote.CHANGED),
            task("set", "--moderator", "--locked", "--admin", "--no-confirmed")
                    .says(n -> "Moderator status of " + n + ": true\n" + "Locked status of " + n + ": true\n"
                            + "Admin status of " + n + ": true\n" + "Confirmation status of " + n + ": false\n")
                    .sets(Map.of("moderator", true, "locked", true, "admin", true, "confirmed", false))
                    .againTheSame().remote(Remote.REFUSED),
            // the tags given, lower-cased, each once, are audited: not only the ones added
            task("tag", "Staff", "staff", "OPS").startAs(u -> u.setTags(new String[] {"dev", "ops"}))
                    .says(n -> "Tags of " + n + ": [dev, ops, staff]\n")
                    .sets(Map.of("tags", List.of("dev", "ops", "staff")))
                    .audits("update", Map.of("tags", List.of("staff", "ops")), Map.of("users", 1L))
                    .againTheSame().remote(Remote.CHANGED),
            // and the ones the user lacks too
            task("untag", "OPS", "Dev", "dev", "qa").startAs(u -> u.setTags(new String[] {"dev", "ops", "staff"}))
                    .says(n -> "Tags of " + n + ": [staff]\n")
                    .sets(Map.of("tags", List.of("staff")))
                    .audits("update", Map.of("tags", List.of("ops", "dev", "qa")), Map.of("users", 1L))
                    .againTheSame().remote(Remote.CHANGED),
            // alice has two API tokens and two app authorizations, dave one of each, bob a token
            task("sign_out").seed(OneUserContractTest::grants)
                    .says(n -> n + " signed out from all apps.\n")
                    .changes(OneUserContractTest::grantsOf, (sql, user, run) -> {
                        assertEquals("", run.out());
                        assertEquals(List.of(0, 0), grantsOf(sql, user));
                    })
                    .audits("delete", Map.of(), Map.of("api_tokens", 2L, "authorizations", 2L))
                    .againTheSame().spellings("sign-out").remote(Remote.REFUSED),
            // the link is the whole of stdout; the user's one reset token is its hash, valid 24 hours, unused
            task("reset_password")
                    .says(n -> "Generated password reset token for " + n + "\n")
                    .changes(OneUserContractTest::resetTokensOf, (sql, user, run) -> {
                        Matcher link = RESET_LINK.matcher(run.out());
                        assertTrue(link.matches(), () -> "stdout is not one link: " + run.out());
                        List<PasswordResetTokensRecord> resets = resetTokensOf(sql, user);
                        assertEquals(1, resets.size());
                        assertArrayEquals(Rows.sha256(link.group(1)), resets.get(0).getTokenHash());
                        assertEquals(NOW.plus(Duration.ofHours(24)), resets.get(0).getExpiresAt().toInstant());
                        assertNull(resets.get(0).getUsedAt());
                    })
                    .audits("create", Map.of(), Map.of("password_reset_tokens", 1L))
                    .spellings("reset-password").remote(Remote.REFUSED));

    private long alice;
    private long dave;
    private long bob;

    // --- the clauses

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTask")
    void changesTheUserGivenAndNoOther(Task task) {
        seed(task);
        assertChangesOnly(task, "alice", "alice", alice, dave);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTask")
    void findsTheUserByEmailWhateverItsCase(Task task) {
        seed(task);
        assertChangesOnly(task, "ALICE@example.com", "alice", alice, dave);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTask")
    void findsTheUserById(Task task) {
        seed(task);
        assertChangesOnly(task, String.valueOf(dave), "dave", dave, alice);
    }

    /** README: a nickname match wins, then an id, then an email. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTask")
    void aNicknameThatIsAnotherUsersIdNamesTheUserWithThatNickname(Task task) {
        seed(task);
        long numeric = Rows.user(sql(), String.valueOf(alice), task.startAs);
        assertChangesOnly(task, String.valueOf(alice), String.valueOf(alice), numeric, alice);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyTaskAndAnUnknownUser")
    void anUnknownUserExits3AndChangesNothing(Task task, String ref) {
        seed(task);
        assertChangesNothing(task, 3, "ctl: no user " + ref + "\n", ref);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTask")
    void aDeletedUsersTombstoneIsNotFound(Task task) {
        seed(task);
        assertChangesNothing(task, 3, "ctl: no user carol\n", "carol");
    }

    /** SPEC §6: what the operator typed is escaped on the error line, never echoed raw to the terminal. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTask")
    void anUnknownUserWithControlCharactersIsEscapedInTheError(Task task) {
        seed(task);
        assertChangesNothing(task, 3, "ctl: no user \\e[31mnobody\\u202e\n", "\u001b[31mnobody\u202e");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTask")
    void dryRunSaysSoAndChangesNothing(Task task) {
        seed(task);
        String before = db.rows();
        var r = expect(0, run(task, "alice", "--dry-run"));
        assertEquals(task.says.apply("alice").replace("\n", " (dry run)\n"), r.err());
        assertEquals("", r.out());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTask")
    void writesOneAuditEntryNamedAfterTheTask(Task task) {
        seed(task);
        expect(0, run(task, "alice"));
        var audit = Rows.onlyAudit(sql());
        assertEquals("user." + task.name, audit.getOperation());
        assertEquals(task.auditKind, audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertEquals(task.auditParameters, Json.object(audit.getParameters().data()));
        assertEquals(task.auditChanges, Json.object(audit.getChanges().data()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTaskThatSetsColumns")
    void jsonPrintsTheUserAsLeft(Task task) {
        seed(task);
        var r = expect(0, run(task, "alice", "--json"));
        assertEquals(task.says.apply("alice"), r.err());
        Map<String, Object> user = Json.object(r.out());
        assertEquals("alice", user.get("nickname"));
        task.sets.forEach((column, value) -> assertEquals(value, user.get(column), column));
        assertEquals(NOW, Json.time(user.get("updated_at")));
        assertFalse(r.out().contains("password"), r::toString);
    }

    /** SPEC §2: a dry run prints the record as the real run would leave it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTaskThatSetsColumns")
    void dryRunJsonShowsWhatTheRealRunWouldLeave(Task task) {
        seed(task);
        Object alices = task.state.of(sql(), alice);
        String before = db.rows();
        var r = expect(0, run(task, "alice", "--dry-run", "--json"));
        Map<String, Object> user = Json.object(r.out());
        task.sets.forEach((column, value) -> assertEquals(value, user.get(column), column));
        assertEquals(before, db.rows());
        assertEquals(alices, task.state.of(sql(), alice));
    }

    /** SPEC §2: setting a state that is already set says so and exits 0; no second audit entry. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTaskSafeToRunTwice")
    void runningItTwiceIsSafe(Task task) {
        seed(task);
        task.assertChanged.check(sql(), alice, expect(0, run(task, "alice")));
        String before = db.snapshot();
        var r = expect(0, run(task, "alice"));
        assertEquals(task.again.apply("alice"), r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
        assertEquals(1, sql().fetchCount(AUDIT_LOG));
    }

    /** SPEC §1: the kebab-case spelling and the aliases run the very task, audited under its name. */
    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("everyTaskAndItsOtherSpellings")
    void anotherSpellingRunsTheSameTask(Task task, String spelling) {
        seed(task);
        List<String> words = new ArrayList<>(List.of("user", spelling, "alice"));
        words.addAll(task.args);
        var r = expect(0, ctl().clock(CLOCK).run(words.toArray(String[]::new)));
        assertEquals(task.says.apply("alice"), r.err());
        task.assertChanged.check(sql(), alice, r);
        assertEquals("user." + task.name, Rows.onlyAudit(sql()).getOperation());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTaskThatChangesARemoteUser")
    void aRemoteUserIsChangedAsALocalOne(Task task) {
        seed(task);
        assertChangesOnly(task, "bob@remote.example", "bob@remote.example", bob, alice);
    }

    /** What the task does (a password, a sign-in, a role) belongs to the user's own instance. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTaskThatRefusesARemoteUser")
    void aRemoteUserExits4AndChangesNothing(Task task) {
        seed(task);
        assertChangesNothing(task, 4, "ctl: bob@remote.example is a remote user: its account lives on remote.example\n",
                "bob@remote.example");
    }

    /** SPEC §2: a read-only database (a standby) is exit 6, said as such, before any work. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTask")
    void onAReadOnlyDatabaseItExits6AndChangesNothing(Task task) {
        seed(task);
        String before = db.snapshot();
        // new sessions (ctl's) start read-only; this test's own session stays as it was
        sql().execute("alter database " + db.name + " set default_transaction_read_only = on");
        try {
            var r = expect(6, run(task, "alice"));
            assertTrue(r.err().startsWith("ctl: the database at ") && r.err().contains(" is read-only"), r::toString);
            assertEquals(1, r.err().lines().count(), r::toString);
            assertEquals("", r.out());
        } finally {
            sql().execute("alter database " + db.name + " reset default_transaction_read_only");
        }
        assertEquals(before, db.snapshot());
    }

    // --- the rows the clauses run on

    static Stream<Task> everyTask() {
        return TASKS.stream();
    }

    static Stream<Arguments> everyTaskAndAnUnknownUser() {
        return TASKS.stream().flatMap(t -> Stream.of("nobody", "nobody@example.com", "999999").map(ref -> Arguments.of(t, ref)));
    }

    static Stream<Task> everyTaskThatSetsColumns() {
        return TASKS.stream().filter(t -> t.sets != null);
    }

    static Stream<Task> everyTaskSafeToRunTwice() {
        return TASKS.stream().filter(t -> t.again != null);
    }

    static Stream<Arguments> everyTaskAndItsOtherSpellings() {
        return TASKS.stream().flatMap(t -> t.spellings.stream().map(s -> Arguments.of(t, s)));
    }

    static Stream<Task> everyTaskThatChangesARemoteUser() {
        return TASKS.stream().filter(t -> t.remote == Remote.CHANGED);
    }

    static Stream<Task> everyTaskThatRefusesARemoteUser() {
        return TASKS.stream().filter(t -> t.remote == Remote.REFUSED);
    }

    /** alice, dave, bob@remote.example and carol's tombstone, as the task's row starts them, and what else it seeds. */
    private void seed(Task task) {
        Rows.reset(sql());
        alice = Rows.user(sql(), "alice", task.startAs);
        dave = Rows.user(sql(), "dave", task.startAs);
        bob = Rows.remote(sql(), "bob", task.startAs);
        Rows.tombstone(sql(), "carol", task.startAs);
        task.seed.accept(sql(), new long[] {alice, dave, bob});
    }

    /** {@code ctl user <task> <ref> <the task's args…> <more…>} at the fixed clock. */
    private CtlRun.Result run(Task task, String ref, String... more) {
        List<String> words = new ArrayList<>(List.of("user", task.name, ref));
        words.addAll(task.args);
        words.addAll(List.of(more));
        return ctl().clock(CLOCK).run(words.toArray(String[]::new));
    }

    /** Runs the task on {@code ref}: it says so for {@code nickname}, changes {@code user} and leaves {@code other}. */
    private void assertChangesOnly(Task task, String ref, String nickname, long user, long other) {
        Object others = task.state.of(sql(), other);
        var r = expect(0, run(task, ref));
        assertEquals(task.says.apply(nickname), r.err());
        task.assertChanged.check(sql(), user, r);
        assertEquals(others, task.state.of(sql(), other));
    }

    /** Runs the task on {@code ref}: exit {@code code}, the whole of stderr, nothing on stdout, the database as it was. */
    private void assertChangesNothing(Task task, int code, String err, String ref) {
        String before = db.snapshot();
        var r = expect(code, run(task, ref));
        assertEquals(err, r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    private static void grants(DSLContext sql, long[] users) {
        long alice = users[0], dave = users[1], bob = users[2];
        Rows.apiToken(sql, alice, "alice-1");
        Rows.apiToken(sql, alice, "alice-2");
        Rows.authorization(sql, alice, "Tusky");
        Rows.authorization(sql, alice, "Pinafore");
        Rows.apiToken(sql, dave, "dave-1");
        Rows.authorization(sql, dave, "Tusky");
        Rows.apiToken(sql, bob, "bob-1");
    }

    /** [API tokens, authorizations] of the user. */
    private static List<Integer> grantsOf(DSLContext sql, long user) {
        return List.of(sql.fetchCount(API_TOKENS, API_TOKENS.USER_ID.eq(user)),
                sql.fetchCount(AUTHORIZATIONS, AUTHORIZATIONS.USER_ID.eq(user)));
    }

    private static List<PasswordResetTokensRecord> resetTokensOf(DSLContext sql, long user) {
        return List.copyOf(sql.selectFrom(PASSWORD_RESET_TOKENS).where(PASSWORD_RESET_TOKENS.USER_ID.eq(user)).fetch());
    }

    // --- the table's row

    enum Remote { CHANGED, REFUSED }

    /** What a task changes of a user, read back. */
    interface State {
        Object of(DSLContext sql, long user);
    }

    interface Check {
        void check(DSLContext sql, long user, CtlRun.Result run);
    }

    static Task task(String name, String... args) {
        return new Task(name, List.of(args));
    }

    /** One row of the table; built by the calls that name its columns. */
    static final class Task {
        final String name;
        /** The words after USER in every run. */
        final List<String> args;
        /** How alice, dave, bob and carol start: users the task would change. */
        Consumer<UsersRecord> startAs = u -> {};
        /** What else the users have. */
        BiConsumer<DSLContext, long[]> seed = (sql, users) -> {};
        /** Stderr of a run that changes the user of this nickname: its status line(s). */
        Function<String, String> says;
        /** The columns of the user's own row the task sets, and their new values; null if it changes other rows. */
        Map<String, Object> sets;
        /** What the task changes of a user, to show that the other users keep theirs. */
        State state;
        /** That a run changed the user as the task does, and printed what it prints. */
        Check assertChanged;
        String auditKind;
        Map<String, Object> auditParameters;
        Map<String, Object> auditChanges;
        /** What a second run on a user says, or null: a toggle flips back (see its class). */
        Function<String, String> again;
        List<String> spellings = List.of();
        Remote remote;

        Task(String name, List<String> args) {
            this.name = name;
            this.args = args;
        }

        Task startAs(Consumer<UsersRecord> startAs) {
            this.startAs = startAs;
            return this;
        }

        Task seed(BiConsumer<DSLContext, long[]> seed) {
            this.seed = seed;
            return this;
        }

        Task says(Function<String, String> says) {
            this.says = says;
            return this;
        }

        /**
         * The task sets these columns of the user's row: it stamps updated_at, prints nothing on
         * stdout, and under --json prints the user as it leaves it; its audit entry is an update
         * naming them.
         */
        Task sets(Map<String, Object> columns) {
            this.sets = columns;
            this.state = (sql, user) -> columnsOf(sql, user, columns);
            this.assertChanged = (sql, user, run) -> {
                assertEquals("", run.out());
                assertEquals(columns, columnsOf(sql, user, columns));
                assertEquals(NOW, Rows.row(sql, user).getUpdatedAt().toInstant());
            };
            return audits("update", columns, Map.of("users", 1L));
        }

        Task changes(State state, Check assertChanged) {
            this.state = state;
            this.assertChanged = assertChanged;
            return this;
        }

        Task audits(String kind, Map<String, Object> parameters, Map<String, Object> changes) {
            this.auditKind = kind;
            this.auditParameters = parameters;
            this.auditChanges = changes;
            return this;
        }

        Task again(Function<String, String> again) {
            this.again = again;
            return this;
        }

        /** A second run says the same lines and changes nothing. */
        Task againTheSame() {
            return again(says);
        }

        Task spellings(String... spellings) {
            this.spellings = List.of(spellings);
            return this;
        }

        Task remote(Remote remote) {
            this.remote = remote;
            return this;
        }

        @Override
        public String toString() {
            return "user " + name + (args.isEmpty() ? "" : " USER " + String.join(" ", args));
        }
    }

    /** Those columns of the user's row; an array as a list, as JSON has it. */
    private static Map<String, Object> columnsOf(DSLContext sql, long user, Map<String, Object> columns) {
        UsersRecord row = Rows.row(sql, user);
        Map<String, Object> state = new LinkedHashMap<>();
        for (String column : columns.keySet()) {
            Object value = row.get(column);
            state.put(column, value instanceof Object[] array ? List.of(array) : value);
        }
        return state;
    }
}
