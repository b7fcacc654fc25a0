package ctl.user;

import ctl.db.schema.tables.records.UsersRecord;
import ctl.testing.CtlRun;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static ctl.user.UserRows.NOW;
import static ctl.user.UserRows.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A one-user task that changes columns of the user's own row (a state, the tags): it stamps
 * updated_at, prints nothing on stdout, and under --json prints the user as it leaves it.
 */
abstract class UserRowTaskContract extends OneUserTaskContract {
    /** The columns the task sets on a user seeded by {@link #startAs}, and their new values. */
    protected abstract Map<String, Object> leaves();

    /** Those columns of the user's row; an array as a list, as JSON has it. */
    @Override
    protected Map<String, Object> state(long user) {
        UsersRecord row = UserRows.row(sql(), user);
        Map<String, Object> state = new LinkedHashMap<>();
        for (String column : leaves().keySet()) {
            Object value = row.get(column);
            state.put(column, value instanceof Object[] array ? List.of(array) : value);
        }
        return state;
    }

    @Override
    protected void assertChanged(long user, CtlRun.Result run) {
        assertEquals("", run.out());
        assertEquals(leaves(), state(user));
        assertEquals(NOW, UserRows.row(sql(), user).getUpdatedAt().toInstant());
    }

    @Override
    protected String auditActionKind() {
        return "update";
    }

    /** By default the audit entry names what the task set. */
    @Override
    protected Map<String, Object> auditParameters() {
        return leaves();
    }

    @Override
    protected Map<String, Object> auditChanges() {
        return Map.of("users", 1L);
    }

    @Test
    void jsonPrintsTheUserAsLeft() {
        var r = expect(0, run("alice", "--json"));
        assertEquals(says("alice"), r.err());
        Map<String, Object> user = json(r.out());
        assertEquals("alice", user.get("nickname"));
        leaves().forEach((column, value) -> assertEquals(value, user.get(column), column));
        assertEquals(NOW, UserRows.instant(user.get("updated_at")));
        assertFalse(r.out().contains("password"), r::toString);
    }

    @Test
    void dryRunJsonShowsWhatTheRealRunWouldLeave() {
        Object alices = state(alice);
        String before = db.rows();
        var r = expect(0, run("alice", "--dry-run", "--json"));
        Map<String, Object> user = json(r.out());
        leaves().forEach((column, value) -> assertEquals(value, user.get(column), column));
        assertEquals(before, db.rows());
        assertEquals(alices, state(alice));
    }
}
