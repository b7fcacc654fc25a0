package ctl.user;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.Test;

import java.util.List;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What is toggle_confirmed's own; the one-user contract is {@link OneUserContractTest}'s. */
class UserToggleConfirmedTest extends CtlTest {
    @Test
    void flipsBackAndForth() {
        Rows.reset(sql());
        long alice = Rows.user(sql(), "alice");
        assertEquals("alice needs confirmation.\n", expect(0, ctl("user", "toggle_confirmed", "alice")).err());
        assertEquals(false, Rows.row(sql(), alice).getConfirmed());
        assertEquals("alice doesn't need confirmation.\n", expect(0, ctl("user", "toggle_confirmed", "alice")).err());
        assertEquals(true, Rows.row(sql(), alice).getConfirmed());
        assertEquals("alice needs confirmation.\n", expect(0, ctl("user", "toggle_confirmed", "alice")).err());
        assertEquals(false, Rows.row(sql(), alice).getConfirmed());
        assertEquals(List.of("{\"confirmed\": false}", "{\"confirmed\": true}", "{\"confirmed\": false}"),
                sql().select(AUDIT_LOG.PARAMETERS).from(AUDIT_LOG).orderBy(AUDIT_LOG.ID).fetch(r -> r.value1().data()));
    }
}
