package ctl.group;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupGetTest extends CtlTest {
    private long staff;

    /** staff ("The people who run the site"): bob, Alice, carol and zed, added in that order; empty (none). */
    @BeforeEach
    void world() {
        Rows.reset(sql());
        staff = Rows.group(sql(), "staff", "The people who run the site");
        Rows.group(sql(), "empty", null);
        for (String nickname : List.of("zed", "bob", "Alice", "carol")) {
            Rows.member(sql(), staff, Rows.user(sql(), nickname));
        }
        Rows.user(sql(), "outsider");
    }

    @Test
    void jsonShowsTheGroupAndItsMembersSortedCaseIgnored() {
        var r = expect(0, ctl("group", "get", "staff", "--json"));
        assertEquals("", r.err());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", staff);
        expected.put("name", "staff");
        expected.put("summary", "The people who run the site");
        expected.put("created_at", "2024-01-02T03:04:05Z");
        expected.put("members", List.of("Alice", "bob", "carol", "zed"));
        assertEquals(expected, Json.parse(r.out()));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(Json.object(r.out()).keySet()));
    }

    @Test
    void theTableIsKeyValueLines() {
        var r = expect(0, ctl("group", "get", "staff"));
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of("id: " + staff, "name: staff", "summary: The people who run the site",
                        "created_at: 2024-01-02T03:04:05Z", "members: [Alice, bob, carol, zed]"),
                lines.stream().map(l -> l.replaceAll(":\\s+", ": ")).toList(), r::toString);
    }

    @Test
    void aGroupWithoutMembersHasAnEmptyArray() {
        var r = expect(0, ctl("group", "get", "empty", "--json"));
        assertEquals(List.of(), Json.object(r.out()).get("members"));
        assertEquals(null, Json.object(r.out()).get("summary"));
    }

    @ParameterizedTest(name = "group {0} STAFF")
    @ValueSource(strings = {"get", "show"})
    void showIsAnAliasAndTheNameIsFoundWhateverItsCase(String task) {
        var r = expect(0, ctl("group", task, "STAFF", "--json"));
        assertEquals("staff", Json.object(r.out()).get("name"));
    }

    @Test
    void getChangesNothingAndWritesNoAudit() {
        String before = db.snapshot();
        expect(0, ctl("group", "get", "staff"));
        assertEquals(before, db.snapshot());
    }

    @Test
    void anUnknownGroupExits3() {
        var r = expect(3, ctl("group", "get", "nobody"));
        assertEquals("ctl: no group nobody\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void withoutANameItExits2() {
        var r = expect(2, ctl("group", "get"));
        assertEquals("ctl: missing required parameter: 'NAME' (see `ctl group get --help`)\n", r.err());
    }

    @Test
    void helpShowsAnExample() {
        var r = expect(0, ctl("group", "get", "--help"));
        assertTrue(r.out().contains("Examples:\n  ctl group get staff"), r::toString);
    }
}
