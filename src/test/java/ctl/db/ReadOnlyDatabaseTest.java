package ctl.db;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §2: a read-only database (a hot standby, or default_transaction_read_only) is exit 6,
 * said as such, before any work, for every task that writes; tasks that only read work.
 */
class ReadOnlyDatabaseTest extends CtlTest {
    @BeforeAll
    void readOnly() {
        Rows.user(sql(), "alice");
        Rows.invite(sql(), "t1", "one_time", i -> i.setUsed(true));
        Rows.group(sql(), "staff", null);
        // New sessions (ctl's) start read-only; this test's own session stays as it was.
        sql().execute("alter database " + db.name + " set default_transaction_read_only = on");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "user new bob bob@example.com --password-stdin",
            "user rm alice -y",
            "user activate alice",
            "user deactivate alice",
            "user set alice --admin",
            "user tag alice ops",
            "user confirm_all -y",
            "user delete_activities alice -y",
            "user prune_invites",
            "user invite",
            "token create alice",
            "token prune",
            "group create ops",
            "group add-user staff alice",
    })
    void aTaskThatWritesExits6BeforeAnyWork(String command) {
        String before = db.snapshot();
        var r = expect(6, ctl().stdin("correct horse battery staple\n").run(command.split(" ")));
        assertTrue(r.err().startsWith("ctl: the database at ") && r.err().contains(" is read-only"), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void tasksThatOnlyReadWork() {
        assertTrue(expect(0, ctl("user", "list")).out().contains("alice"));
        assertTrue(expect(0, ctl("user", "show", "alice", "--json")).out().contains("\"nickname\": \"alice\""));
        expect(0, ctl("user", "invites"));
        expect(0, ctl("group", "list"));
        expect(0, ctl("audit", "list"));
        expect(0, ctl("token", "list"));
    }
}
