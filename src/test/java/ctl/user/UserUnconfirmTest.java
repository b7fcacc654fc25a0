package ctl.user;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What is unconfirm's own; the one-user contract is {@link OneUserContractTest}'s. erin is unconfirmed. */
class UserUnconfirmTest extends CtlTest {
    @BeforeEach
    void erin() {
        Rows.reset(sql());
        Rows.user(sql(), "erin", u -> u.setConfirmed(false));
    }

    @Test
    void anUnconfirmedUserSaysAlreadyUnconfirmedAndChangesNothing() {
        assertChangesNothing(0, "User erin already unconfirmed\n", "user", "unconfirm", "erin");
    }
}
