package ctl.audit;

import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditListTest extends CtlTest {
    static final List<String> EVERY_FIELD = List.of("id", "at", "actor", "actor_host", "operation", "action_kind",
            "target", "parameters", "changes", "status", "reason", "resumes");

    /**
     * Four entries, oldest first: 1 alice's user.new of bob (Jan 10, 10:00 UTC), 2 bob's
     * group.create of staff (Jan 11, 09:00), 3 alice's user.rm of carol (Jan 11, 15:30),
     * 4 root's token.prune (Jan 12, 00:00, no target).
     */
    @BeforeEach
    void world() {
        Rows.reset(sql());
        Rows.auditEntry(sql(), "2026-01-10T10:00:00Z", "alice", "user.new", "create", "bob",
                "{\"nickname\": \"bob\"}", "{\"users\": 1}");
        Rows.auditEntry(sql(), "2026-01-11T09:00:00Z", "bob", "group.create", "create", "staff",
                "{\"name\": \"staff\"}", "{\"groups\": 1}");
        Rows.auditEntry(sql(), "2026-01-11T15:30:00Z", "alice", "user.rm", "delete", "carol",
                "{}", "{\"users\": 1, \"activities\": 12}");
        Rows.auditEntry(sql(), "2026-01-12T00:00:00Z", "root", "token.prune", "delete", null,
                "{}", "{\"tokens\": 3}");
    }

    /** The ids a list run prints, in order, through its one-column CSV. */
    private List<Long> ids(String... args) {
        List<String> command = new ArrayList<>(List.of("audit", "list"));
        command.addAll(List.of(args));
        command.addAll(List.of("--fields", "id", "--format", "csv"));
        var r = expect(0, ctl(command.toArray(String[]::new)));
        List<String> lines = new ArrayList<>(Arrays.asList(r.out().split("\r\n")));
        assertEquals("id", lines.remove(0), r::toString);
        return lines.stream().filter(l -> !l.isEmpty()).map(Long::parseLong).toList();
    }

    @Test
    void listsEveryEntryNewestFirst() {
        assertEquals(List.of(4L, 3L, 2L, 1L), ids());
    }

    @Test
    void entriesOfTheSameInstantAreNewestIdFirst() {
        Rows.auditEntry(sql(), "2026-01-12T00:00:00Z", "root", "token.prune", "delete", null, "{}", "{}");
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), ids());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--username alice                       | 3,1",
            "--username nobody                      | ''",
            "--operation user.rm                    | 3",
            "--operation user                       | ''",
            "--action-kind create                   | 2,1",
            "--action-kind delete                   | 4,3",
            "--action-kind update                   | ''",
            "--username alice --action-kind create  | 1",
    })
    void filtersPickTheirEntriesNewestFirst(String filter, String expected) {
        assertEquals(parse(expected), ids(filter.split(" ")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--after 2026-01-11                          | 4,3,2",
            "--before 2026-01-11                         | 1",
            "--after 2026-01-11 --before 2026-01-12      | 3,2",
            "--after 2026-01-11T12:00:00Z                | 4,3",
            "--before 2026-01-11T15:30:00Z               | 2,1",
            "--after 2026-01-11T10:00:00.5Z              | 4,3",
            "--before 2026-01-11T12:00:00+02:00          | 2,1",
            "--after 2026-01-11T16:00:00+01:00           | 4,3",
            "--after 2026-01-11T04:00:00-05:00           | 4,3",
            "--after 2026-01-13                          | ''",
    })
    void beforeAndAfterTakeADateOrAnIsoTimeInUtc(String filter, String expected) {
        assertEquals(parse(expected), ids(filter.split(" ")));
    }

    @Test
    void filtersCombineWithPaging() {
        assertEquals(List.of(3L), ids("--username", "alice", "--after", "2026-01-11", "--limit", "5"));
        assertEquals(List.of(2L, 1L), ids("--limit", "2", "--page", "2"));
        assertEquals(List.of(3L), ids("--limit", "1", "--offset", "1"));
    }

    @Test
    void aPageSaysWhichEntriesOfHowManyItShows() {
        var r = expect(0, ctl("audit", "list", "--limit", "3", "--fields", "id", "--format", "csv"));
        assertEquals("id\r\n4\r\n3\r\n2\r\n", r.out());
        assertEquals("Showing 1-3 of 4\n", r.err());
        r = expect(0, ctl("audit", "list", "--action-kind", "delete", "--limit", "1", "--page", "2",
                "--fields", "id", "--format", "csv"));
        assertEquals("id\r\n3\r\n", r.out());
        assertEquals("Showing 2-2 of 2\n", r.err());
    }

    @Test
    void anUnknownActionKindExits2() {
        var r = expect(2, ctl("audit", "list", "--action-kind", "remove"));
        assertEquals("ctl: --action-kind must be one of create, update, delete, execute\n", r.err());
        assertEquals("", r.out());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--before", "--after"})
    void aTimeThatIsNoTimeExits5WithOneLine(String option) {
        var r = expect(5, ctl("audit", "list", option, "yesterday"));
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("ctl: ") && r.err().contains(option) && r.err().contains("yesterday"), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void jsonIsAnArrayOfEveryFieldWithParametersAndChangesAsObjects() {
        var r = expect(0, ctl("audit", "list", "--operation", "user.rm", "--json"));
        assertEquals("", r.err());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", 3L);
        expected.put("at", "2026-01-11T15:30:00Z");
        expected.put("actor", "alice");
        expected.put("actor_host", "host1");
        expected.put("operation", "user.rm");
        expected.put("action_kind", "delete");
        expected.put("target", "carol");
        expected.put("parameters", Map.of());
        expected.put("changes", Map.of("users", 1L, "activities", 12L));
        expected.put("status", "finished");
        expected.put("reason", null);
        expected.put("resumes", null);
        assertEquals(List.of(expected), Json.parse(r.out()));
        assertEquals(EVERY_FIELD, List.copyOf(Json.array(r.out()).get(0).keySet()));
    }

    @Test
    void jsonlIsOneObjectPerLineNewestFirst() {
        var r = expect(0, ctl("audit", "list", "--format", "jsonl"));
        var entries = r.out().lines().map(Json::object).toList();
        assertEquals(List.of(4L, 3L, 2L, 1L), entries.stream().map(e -> e.get("id")).toList());
        assertEquals(EVERY_FIELD, List.copyOf(entries.get(0).keySet()));
        assertNull(entries.get(0).get("target"));
    }

    @Test
    void csvHasAHeaderOfEveryField() {
        var r = expect(0, ctl("audit", "list", "--operation", "group.create", "--format", "csv"));
        assertEquals(String.join(",", EVERY_FIELD) + "\r\n"
                + "2,2026-01-11T09:00:00Z,bob,host1,group.create,create,staff,"
                + "\"{\"\"name\"\": \"\"staff\"\"}\",\"{\"\"groups\"\": 1}\",finished,,\r\n", r.out());
    }

    @Test
    void theTableShowsTheReadableColumns() {
        var r = expect(0, ctl("audit", "list", "--operation", "group.create"));
        assertEquals("", r.err());
        assertEquals(List.of(
                        "id   at                   actor operation    action_kind target changes      status",
                        "---- -------------------- ----- ------------ ----------- ------ ------------ --------",
                        "2    2026-01-11T09:00:00Z bob   group.create create      staff  {\"groups\":1} finished"),
                r.out().lines().map(String::stripTrailing).toList(), r::toString);
    }

    @Test
    void fieldsPicksColumnsAndAnUnknownOneExits2() {
        var r = expect(0, ctl("audit", "list", "--fields", "operation,actor", "--format", "csv", "--limit", "1"));
        assertEquals("operation,actor\r\ntoken.prune,root\r\n", r.out());
        r = expect(2, ctl("audit", "list", "--fields", "password"));
        assertTrue(r.err().startsWith("ctl: unknown field \"password\"; fields: id, at, actor,"), r::toString);
    }

    @Test
    void nothingMatchingIsAnEmptyList() {
        assertEquals("[]\n", expect(0, ctl("audit", "list", "--operation", "user.frob", "--json")).out());
    }

    @Test
    void listingChangesNothing() {
        String before = db.snapshot();
        expect(0, ctl("audit", "list"));
        assertEquals(before, db.snapshot());
    }

    /**
     * A bulk run's entries, as the log shows them: a run stopped by a row lock of the
     * application (status stopped, its reason), and the rerun that finished it (resumes).
     */
    @Test
    void bulkRunsShowStatusReasonAndTheRunTheyResume() throws Exception {
        Rows.users(sql(), "n", 1500, u -> u.setConfirmed(false));
        try (Connection app = db.connect()) {
            app.setAutoCommit(false);
            app.createStatement().execute("select 1 from users where nickname = 'n1200' for update");
            expect(7, ctl().env("CTL_LOCK_TIMEOUT", "200ms").env("CTL_BATCH_SIZE", "1000").run("user", "confirm_all", "-y"));
            app.rollback();
        }
        expect(0, ctl("user", "confirm_all", "-y"));

        var r = expect(0, ctl("audit", "list", "--operation", "user.confirm_all", "--json"));
        var entries = Json.array(r.out());
        assertEquals(2, entries.size(), r::toString);
        var rerun = entries.get(0);
        var stopped = entries.get(1);
        assertEquals(6L, rerun.get("id"));
        assertEquals("finished", rerun.get("status"));
        assertNull(rerun.get("reason"));
        assertEquals(5L, rerun.get("resumes"), "the rerun names the entry it resumes");
        assertEquals(Map.of("users", 500L), rerun.get("changes"));
        assertEquals(5L, stopped.get("id"));
        assertEquals("update", stopped.get("action_kind"));
        assertEquals("stopped", stopped.get("status"));
        assertEquals("timed out waiting for a lock held by the application; safe to retry", stopped.get("reason"));
        assertNull(stopped.get("resumes"));
        assertEquals(Map.of("users", 1000L), stopped.get("changes"));

        // Both are the actor's own, whoever runs the tests.
        String actor = (String) rerun.get("actor");
        assertEquals(List.of(6L, 5L), ids("--username", actor, "--action-kind", "update"));
    }

    @Test
    void aFinishedBulkRunResumesNothing() {
        Rows.users(sql(), "u", 2, u -> u.setConfirmed(false));
        expect(0, ctl("user", "confirm_all", "-y"));
        var entry = Json.array(expect(0, ctl("audit", "list", "--limit", "1", "--json")).out()).get(0);
        assertEquals("user.confirm_all", entry.get("operation"));
        assertEquals("finished", entry.get("status"));
        assertNull(entry.get("reason"));
        assertNull(entry.get("resumes"));
        assertEquals(Map.of("users", 2L), entry.get("changes"));
        assertEquals(0, sql().fetchCount(AUDIT_LOG, AUDIT_LOG.STATUS.ne("finished")));
    }

    @Test
    void helpShowsAnExample() {
        var r = expect(0, ctl("audit", "list", "--help"));
        assertTrue(r.out().contains("Examples:\n  ctl audit list"), r::toString);
    }

    private static List<Long> parse(String ids) {
        return ids == null || ids.isEmpty() ? List.of() : Arrays.stream(ids.split(",")).map(Long::parseLong).toList();
    }
}
