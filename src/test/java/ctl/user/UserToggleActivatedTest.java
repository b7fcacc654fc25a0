package ctl.user;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.Test;

import java.util.List;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What is toggle_activated's own; the one-user contract is {@link OneUserContractTest}'s. */
class UserToggleActivatedTest extends CtlTest {
    @Test
    void flipsBackAndForth() {
        Rows.reset(sql());
        long alice = Rows.user(sql(), "alice");
        assertEquals("Activation status of alice: deactivated\n", expect(0, ctl("user", "toggle_activated", "alice")).err());
        assertEquals(false, Rows.row(sql(), alice).getActivated());
        assertEquals("Activation status of alice: activated\n", expect(0, ctl("user", "toggle_activated", "alice")).err());
        assertEquals(true, Rows.row(sql(), alice).getActivated());
        assertEquals("Activation status of alice: deactivated\n", expect(0, ctl("user", "toggle_activated", "alice")).err());
        assertEquals(false, Rows.row(sql(), alice).getActivated());
        assertEquals(List.of("{\"activated\": false}", "{\"activated\": true}", "{\"activated\": false}"),
                sql().select(AUDIT_LOG.PARAMETERS).from(AUDIT_LOG).orderBy(AUDIT_LOG.ID).fetch(r -> r.value1().data()));
    }
}
