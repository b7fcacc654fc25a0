package ctl.user;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The common tests toggle the active alice, dave and bob: they end deactivated ({@link OneUserTaskContract}). */
class UserToggleActivatedTest extends UserRowTaskContract {
    @Override
    protected String task() {
        return "toggle_activated";
    }

    @Override
    protected String says(String nickname) {
        return "Activation status of " + nickname + ": deactivated\n";
    }

    @Override
    protected Map<String, Object> leaves() {
        return Map.of("activated", false);
    }

    @Test
    void flipsBackAndForth() {
        assertEquals("Activation status of alice: deactivated\n", expect(0, run("alice")).err());
        assertEquals(Map.of("activated", false), state(alice));
        assertEquals("Activation status of alice: activated\n", expect(0, run("alice")).err());
        assertEquals(Map.of("activated", true), state(alice));
        assertEquals("Activation status of alice: deactivated\n", expect(0, run("alice")).err());
        assertEquals(Map.of("activated", false), state(alice));
        assertEquals(List.of("{\"activated\": false}", "{\"activated\": true}", "{\"activated\": false}"),
                sql().select(AUDIT_LOG.PARAMETERS).from(AUDIT_LOG).orderBy(AUDIT_LOG.ID).fetch(r -> r.value1().data()));
    }

    @Test
    void theKebabCaseSpellingRunsTheSameTask() {
        assertRunsTheSameTask("toggle-activated");
    }
}
