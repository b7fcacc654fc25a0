package ctl.audit;

import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditGetTest extends CtlTest {
    private long first;
    private long resumed;

    /** A stopped user.rm of carol (interrupted by SIGINT), and the rerun that resumed it. */
    @BeforeEach
    void world() {
        Rows.reset(sql());
        first = Rows.auditEntry(sql(), "2026-01-11T15:30:00Z", "alice", "user.rm", "delete", "carol",
                "{\"purge\": false}", "{\"activities\": 1000}");
        sql().update(AUDIT_LOG).set(AUDIT_LOG.STATUS, "stopped").set(AUDIT_LOG.REASON, "interrupted by SIGINT")
                .where(AUDIT_LOG.ID.eq(first)).execute();
        resumed = Rows.auditEntry(sql(), "2026-01-11T15:31:00Z", "alice", "user.rm", "delete", "carol",
                "{\"purge\": false}", "{\"activities\": 24, \"users\": 1}");
        sql().update(AUDIT_LOG).set(AUDIT_LOG.RESUMES, first).where(AUDIT_LOG.ID.eq(resumed)).execute();
    }

    @Test
    void jsonShowsEveryFieldOfTheEntry() {
        var r = expect(0, ctl("audit", "get", Long.toString(resumed), "--json"));
        assertEquals("", r.err());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", resumed);
        expected.put("at", "2026-01-11T15:31:00Z");
        expected.put("actor", "alice");
        expected.put("actor_host", "host1");
        expected.put("operation", "user.rm");
        expected.put("action_kind", "delete");
        expected.put("target", "carol");
        expected.put("parameters", Map.of("purge", false));
        expected.put("changes", Map.of("activities", 24L, "users", 1L));
        expected.put("status", "finished");
        expected.put("reason", null);
        expected.put("resumes", first);
        assertEquals(expected, Json.parse(r.out()));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(Json.object(r.out()).keySet()));
    }

    @Test
    void theTableIsKeyValueLinesOfEveryField() {
        var r = expect(0, ctl("audit", "get", Long.toString(first)));
        assertEquals("", r.err());
        assertEquals(List.of(
                        "id: " + first,
                        "at: 2026-01-11T15:30:00Z",
                        "actor: alice",
                        "actor_host: host1",
                        "operation: user.rm",
                        "action_kind: delete",
                        "target: carol",
                        "parameters: {\"purge\":false}",
                        "changes: {\"activities\":1000}",
                        "status: stopped",
                        "reason: interrupted by SIGINT",
                        "resumes:"),
                r.out().lines().map(l -> l.replaceAll(":\\s+", ": ").stripTrailing()).toList(), r::toString);
    }

    @Test
    void showIsAnAlias() {
        var r = expect(0, ctl("audit", "show", Long.toString(first), "--json"));
        assertEquals("stopped", Json.object(r.out()).get("status"));
    }

    @Test
    void anEntryOfARealRunIsShownAsWritten() {
        Rows.user(sql(), "alice");
        expect(0, ctl("group", "create", "staff"));
        expect(0, ctl("group", "add-user", "staff", "alice"));
        long id = sql().select(AUDIT_LOG.ID).from(AUDIT_LOG).where(AUDIT_LOG.OPERATION.eq("group.add-user"))
                .fetchOne(AUDIT_LOG.ID);
        var entry = Json.object(expect(0, ctl("audit", "get", Long.toString(id), "--json")).out());
        assertEquals("update", entry.get("action_kind"));
        assertEquals("staff", entry.get("target"));
        assertEquals(Map.of("user", "alice"), entry.get("parameters"));
        assertEquals(Map.of("memberships", 1L), entry.get("changes"));
        assertTrue(((String) entry.get("at")).endsWith("Z"), entry::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"99", "0", "-1"})
    void anUnknownIdExits3(String id) {
        var r = expect(3, ctl("audit", "get", id));
        assertEquals("ctl: no audit entry " + id + "\n", r.err());
        assertEquals("", r.out());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"abc", "1.5", "", "99999999999999999999"})
    void anIdThatIsNoNumberExits2WithOneLine(String id) {
        var r = expect(2, ctl("audit", "get", id));
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("ctl: ") && r.err().contains("'" + id + "'"), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void withoutAnIdItExits2() {
        var r = expect(2, ctl("audit", "get"));
        assertEquals("ctl: missing required parameter: 'ID' (see `ctl audit get --help`)\n", r.err());
    }

    @Test
    void getChangesNothing() {
        String before = db.snapshot();
        expect(0, ctl("audit", "get", Long.toString(first)));
        assertEquals(before, db.snapshot());
    }

    @Test
    void helpShowsAnExample() {
        var r = expect(0, ctl("audit", "get", "--help"));
        assertTrue(r.out().contains("Examples:\n  ctl audit get 42"), r::toString);
    }
}
