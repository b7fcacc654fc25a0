package ctl.user;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What is confirm's own; the one-user contract is {@link OneUserContractTest}'s. erin is confirmed. */
class UserConfirmTest extends CtlTest {
    @BeforeEach
    void erin() {
        Rows.reset(sql());
        Rows.user(sql(), "erin");
    }

    @Test
    void aConfirmedUserSaysAlreadyConfirmedAndChangesNothing() {
        assertChangesNothing(0, "User erin already confirmed\n", "user", "confirm", "erin");
    }
}
