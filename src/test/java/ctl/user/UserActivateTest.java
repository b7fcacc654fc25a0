package ctl.user;

import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static ctl.testing.Rows.LONG_AGO;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What is activate's own; the one-user contract is {@link OneUserContractTest}'s. erin is active. */
class UserActivateTest extends CtlTest {
    @BeforeEach
    void erin() {
        Rows.reset(sql());
        Rows.user(sql(), "erin");
    }

    @Test
    void anActiveUserSaysAlreadyActivatedAndChangesNothing() {
        assertChangesNothing(0, "User erin already activated\n", "user", "activate", "erin");
    }

    @Test
    void jsonOfAnActiveUserPrintsItUnchanged() {
        var r = expect(0, ctl("user", "activate", "erin", "--json"));
        Map<String, Object> user = Json.object(r.out());
        assertEquals("erin", user.get("nickname"));
        assertEquals(true, user.get("activated"));
        assertEquals(LONG_AGO.toInstant(), Json.time(user.get("updated_at")));
    }
}
