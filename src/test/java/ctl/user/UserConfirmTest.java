package ctl.user;

import ctl.db.schema.tables.records.UsersRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

/**
 * The common tests confirm the unconfirmed alice, dave and bob; carol is an unconfirmed user's
 * tombstone ({@link OneUserTaskContract}).
 */
class UserConfirmTest extends UserRowTaskContract {
    @Override
    protected String task() {
        return "confirm";
    }

    @Override
    protected void startAs(UsersRecord user) {
        user.setConfirmed(false);
    }

    @Override
    protected String says(String nickname) {
        return nickname + " doesn't need confirmation.\n";
    }

    @Override
    protected Map<String, Object> leaves() {
        return Map.of("confirmed", true);
    }

    /** erin is confirmed. */
    @BeforeEach
    void erin() {
        UserRows.local(sql(), "erin");
    }

    @Test
    void aConfirmedUserSaysAlreadyConfirmedAndChangesNothing() {
        assertChangesNothing(0, "User erin already confirmed\n", "erin");
    }

    @Test
    void runningItTwiceIsSafe() {
        assertRunningItTwiceIsSafe("User alice already confirmed\n");
    }
}
