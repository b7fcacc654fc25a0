package ctl.user;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The common tests toggle the confirmed alice, dave and bob: they end unconfirmed ({@link OneUserTaskContract}). */
class UserToggleConfirmedTest extends UserRowTaskContract {
    @Override
    protected String task() {
        return "toggle_confirmed";
    }

    @Override
    protected String says(String nickname) {
        return nickname + " needs confirmation.\n";
    }

    @Override
    protected Map<String, Object> leaves() {
        return Map.of("confirmed", false);
    }

    @Test
    void flipsBackAndForth() {
        assertEquals("alice needs confirmation.\n", expect(0, run("alice")).err());
        assertEquals(Map.of("confirmed", false), state(alice));
        assertEquals("alice doesn't need confirmation.\n", expect(0, run("alice")).err());
        assertEquals(Map.of("confirmed", true), state(alice));
        assertEquals("alice needs confirmation.\n", expect(0, run("alice")).err());
        assertEquals(Map.of("confirmed", false), state(alice));
        assertEquals(List.of("{\"confirmed\": false}", "{\"confirmed\": true}", "{\"confirmed\": false}"),
                sql().select(AUDIT_LOG.PARAMETERS).from(AUDIT_LOG).orderBy(AUDIT_LOG.ID).fetch(r -> r.value1().data()));
    }

    @Test
    void theKebabCaseSpellingRunsTheSameTask() {
        assertRunsTheSameTask("toggle-confirmed");
    }
}
