package ctl.user;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

/** The common tests deactivate the active alice, dave and bob ({@link OneUserTaskContract}). */
class UserDeactivateTest extends UserRowTaskContract {
    @Override
    protected String task() {
        return "deactivate";
    }

    @Override
    protected String says(String nickname) {
        return "Successfully deactivated " + nickname + "\n";
    }

    @Override
    protected Map<String, Object> leaves() {
        return Map.of("activated", false);
    }

    /** erin is deactivated. */
    @BeforeEach
    void erin() {
        UserRows.local(sql(), "erin", u -> u.setActivated(false));
    }

    @Test
    void aDeactivatedUserSaysAlreadyDeactivatedAndChangesNothing() {
        assertChangesNothing(0, "User erin already deactivated\n", "erin");
    }

    @Test
    void runningItTwiceIsSafe() {
        assertRunningItTwiceIsSafe("User alice already deactivated\n");
    }

    @Test
    void disableIsAnAlias() {
        assertRunsTheSameTask("disable");
    }

    @Test
    void aRemoteUserCanBeDeactivated() {
        assertARemoteUserIsChanged();
    }
}
