package ctl.user;

import ctl.db.schema.tables.records.UsersRecord;
import ctl.model.Users;
import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.user.UserRows.CLOCK;
import static ctl.user.UserRows.json;
import static ctl.user.UserRows.onlyAudit;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every task that works on one user given by USER (`ctl user <task> USER …`) must do,
 * written once: the user is found by nickname, email or id and only that user is changed; an
 * unknown user or a deleted user's tombstone exits 3; --dry-run says so and changes nothing;
 * one audit entry. Each task's test class extends this, says what its task is, prints and
 * changes, and adds what is its own. The helpers below serve the behaviours only some tasks
 * share (another spelling, "already", running it twice, remote users).
 */
abstract class OneUserTaskContract extends CtlTest {
    /** Users the task would change, all seeded alike: alice and dave local, bob remote. */
    protected long alice;
    protected long dave;
    protected long bob;

    /** The task's name as SPEC spells it: {@code toggle_activated}. */
    protected abstract String task();

    /** The words after USER in the runs of the common tests: none, tags, options. */
    protected String[] args() {
        return new String[0];
    }

    /** How alice, dave, bob and carol (a tombstone) start: users the task would change. */
    protected void startAs(UsersRecord user) {}

    /** Stderr of a run that changes the user {@code nickname}: its status line(s). */
    protected abstract String says(String nickname);

    /** What the task changes of a user, to show that the other users keep theirs. */
    protected abstract Object state(long user);

    /** Asserts that {@code run} changed {@code user} as the task does, and printed what it prints. */
    protected abstract void assertChanged(long user, CtlRun.Result run);

    protected abstract String auditActionKind();

    protected abstract Map<String, Object> auditParameters();

    protected abstract Map<String, Object> auditChanges();

    @BeforeEach
    void usersTheTaskWouldChange() {
        UserRows.reset(sql());
        alice = UserRows.local(sql(), "alice", this::startAs);
        dave = UserRows.local(sql(), "dave", this::startAs);
        bob = UserRows.remote(sql(), "bob", this::startAs);
        UserRows.tombstone(sql(), "carol", this::startAs);
    }

    /** {@code ctl user <task> <ref> <args()…> <more…>} at the fixed clock. */
    protected CtlRun.Result run(String ref, String... more) {
        return runAs(task(), ref, more);
    }

    protected CtlRun.Result runAs(String spelling, String ref, String... more) {
        List<String> words = new ArrayList<>(List.of("user", spelling));
        words.addAll(List.of(withArgs(ref)));
        words.addAll(List.of(more));
        return ctl().clock(CLOCK).run(words.toArray(String[]::new));
    }

    /** The status lines as --dry-run prints them: each ends with " (dry run)". */
    protected static String dryRun(String said) {
        return said.replace("\n", " (dry run)\n");
    }

    @Test
    void changesTheUserGivenAndNoOther() {
        assertChangesOnly("alice", "alice", alice, dave);
    }

    @Test
    void findsTheUserByEmail() {
        assertChangesOnly("ALICE@example.com", "alice", alice, dave);
    }

    @Test
    void findsTheUserById() {
        assertChangesOnly(String.valueOf(dave), "dave", dave, alice);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@example.com", "999999"})
    void anUnknownUserExits3AndChangesNothing(String ref) {
        assertChangesNothing(3, "ctl: no user " + ref + "\n", withArgs(ref));
    }

    @Test
    void aDeletedUserIsNotFound() {
        assertChangesNothing(3, "ctl: no user carol\n", withArgs("carol"));
    }

    @Test
    void dryRunSaysSoAndChangesNothing() {
        String before = db.rows();
        var r = expect(0, run("alice", "--dry-run"));
        assertEquals(dryRun(says("alice")), r.err());
        assertEquals("", r.out());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void writesOneAuditEntry() {
        expect(0, run("alice"));
        var audit = onlyAudit(sql());
        assertEquals("user." + task(), audit.getOperation());
        assertEquals(auditActionKind(), audit.getActionKind());
        assertEquals("alice", audit.getTarget());
        assertEquals(auditParameters(), json(audit.getParameters().data()));
        assertEquals(auditChanges(), json(audit.getChanges().data()));
    }

    /**
     * Runs {@code ctl user <task> <words…>} and asserts the exit code, the whole of stderr, an
     * empty stdout and a database as it was.
     */
    protected CtlRun.Result assertChangesNothing(int code, String err, String... words) {
        String before = db.snapshot();
        List<String> all = new ArrayList<>(List.of("user", task()));
        all.addAll(List.of(words));
        var r = expect(code, ctl().clock(CLOCK).run(all.toArray(String[]::new)));
        assertEquals(err, r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
        return r;
    }

    /** {@code ref} followed by {@link #args()}: the words of a run of the common tests. */
    protected String[] withArgs(String ref) {
        List<String> words = new ArrayList<>(List.of(ref));
        words.addAll(List.of(args()));
        return words.toArray(String[]::new);
    }

    /** Asserts that {@code spelling} (an alias, the kebab-case name) runs this very task. */
    protected void assertRunsTheSameTask(String spelling) {
        var r = expect(0, runAs(spelling, "alice"));
        assertEquals(says("alice"), r.err());
        assertChanged(alice, r);
        assertEquals("user." + task(), onlyAudit(sql()).getOperation());
    }

    /** Runs the task on alice twice: the second run says {@code again} and changes nothing. */
    protected void assertRunningItTwiceIsSafe(String again) {
        assertChanged(alice, expect(0, run("alice")));
        String before = db.snapshot();
        var r = expect(0, run("alice"));
        assertEquals(again, r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
        assertEquals(1, sql().fetchCount(AUDIT_LOG));
    }

    /** The task refuses bob@remote.example: exit 4, nothing changed. */
    protected void assertARemoteUserIsRefused() {
        assertChangesNothing(4, "ctl: bob@remote.example is a remote user: its account lives on remote.example\n",
                withArgs("bob@remote.example"));
    }

    /** The task changes bob@remote.example as it changes a local user. */
    protected void assertARemoteUserIsChanged() {
        assertChangesOnly("bob@remote.example", "bob@remote.example", bob, alice);
    }

    /** Runs the task on {@code ref}: it says so for {@code nickname}, changes {@code user} and leaves {@code other}. */
    private void assertChangesOnly(String ref, String nickname, long user, long other) {
        Object others = state(other);
        var r = expect(0, run(ref));
        assertEquals(says(nickname), r.err());
        assertChanged(user, r);
        assertEquals(others, state(other));
    }
}
