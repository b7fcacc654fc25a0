package ctl.user;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What is deactivate's own; the one-user contract is {@link OneUserContractTest}'s. erin is deactivated. */
class UserDeactivateTest extends CtlTest {
    @BeforeEach
    void erin() {
        Rows.reset(sql());
        Rows.user(sql(), "erin", u -> u.setActivated(false));
    }

    @Test
    void aDeactivatedUserSaysAlreadyDeactivatedAndChangesNothing() {
        assertChangesNothing(0, "User erin already deactivated\n", "user", "deactivate", "erin");
    }
}
