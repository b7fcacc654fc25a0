package ctl.user;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

/**
 * The common tests unconfirm the confirmed alice, dave and bob; carol is a confirmed user's
 * tombstone ({@link OneUserTaskContract}).
 */
class UserUnconfirmTest extends UserRowTaskContract {
    @Override
    protected String task() {
        return "unconfirm";
    }

    @Override
    protected String says(String nickname) {
        return nickname + " needs confirmation.\n";
    }

    @Override
    protected Map<String, Object> leaves() {
        return Map.of("confirmed", false);
    }

    /** erin is unconfirmed. */
    @BeforeEach
    void erin() {
        UserRows.local(sql(), "erin", u -> u.setConfirmed(false));
    }

    @Test
    void anUnconfirmedUserSaysAlreadyUnconfirmedAndChangesNothing() {
        assertChangesNothing(0, "User erin already unconfirmed\n", "erin");
    }

    @Test
    void runningItTwiceIsSafe() {
        assertRunningItTwiceIsSafe("User alice already unconfirmed\n");
    }
}
