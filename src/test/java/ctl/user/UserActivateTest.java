package ctl.user;

import ctl.db.schema.tables.records.UsersRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static ctl.user.UserRows.LONG_AGO;
import static ctl.user.UserRows.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The common tests activate the deactivated alice, dave and bob ({@link OneUserTaskContract}). */
class UserActivateTest extends UserRowTaskContract {
    @Override
    protected String task() {
        return "activate";
    }

    @Override
    protected void startAs(UsersRecord user) {
        user.setActivated(false);
    }

    @Override
    protected String says(String nickname) {
        return "Successfully activated " + nickname + "\n";
    }

    @Override
    protected Map<String, Object> leaves() {
        return Map.of("activated", true);
    }

    /** erin is active. */
    @BeforeEach
    void erin() {
        UserRows.local(sql(), "erin");
    }

    @Test
    void anActiveUserSaysAlreadyActivatedAndChangesNothing() {
        assertChangesNothing(0, "User erin already activated\n", "erin");
    }

    @Test
    void runningItTwiceIsSafe() {
        assertRunningItTwiceIsSafe("User alice already activated\n");
    }

    @Test
    void enableIsAnAlias() {
        assertRunsTheSameTask("enable");
    }

    @Test
    void jsonOfAnActiveUserPrintsItUnchanged() {
        var r = expect(0, ctl("user", "activate", "erin", "--json"));
        Map<String, Object> user = json(r.out());
        assertEquals("erin", user.get("nickname"));
        assertEquals(true, user.get("activated"));
        assertEquals(LONG_AGO.toInstant(), UserRows.instant(user.get("updated_at")));
    }
}
