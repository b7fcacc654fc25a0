package ctl.group;

import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupListTest extends CtlTest {
    static final String CREATED = "2024-01-02T03:04:05Z";

    /** beta (1: "The B team", alice and bob), Alpha (2, no members), gamma (3, alice). */
    @BeforeEach
    void world() {
        Rows.reset(sql());
        long alice = Rows.user(sql(), "alice");
        long bob = Rows.user(sql(), "bob");
        long beta = Rows.group(sql(), "beta", "The B team");
        Rows.group(sql(), "Alpha", null);
        long gamma = Rows.group(sql(), "gamma", null);
        Rows.member(sql(), beta, alice);
        Rows.member(sql(), beta, bob);
        Rows.member(sql(), gamma, alice);
    }

    private static Map<String, Object> group(long id, String name, String summary, long members) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("id", id);
        g.put("name", name);
        g.put("summary", summary);
        g.put("members", members);
        g.put("created_at", CREATED);
        return g;
    }

    @Test
    void theTableListsEveryGroupByNameCaseIgnoredWithItsMemberCount() {
        String before = db.snapshot();
        var r = expect(0, ctl("group", "list"));
        assertEquals("", r.err());
        assertEquals(List.of(
                        "id   name  summary    members created_at",
                        "---- ----- ---------- ------- --------------------",
                        "2    Alpha            0       " + CREATED,
                        "1    beta  The B team 2       " + CREATED,
                        "3    gamma            1       " + CREATED),
                r.out().lines().map(String::stripTrailing).toList(), r::toString);
        assertEquals(before, db.snapshot(), "a list changes nothing and writes no audit");
    }

    @Test
    void jsonIsAnArrayOfEveryField() {
        var r = expect(0, ctl("group", "list", "--json"));
        assertEquals(List.of(group(2, "Alpha", null, 0), group(1, "beta", "The B team", 2), group(3, "gamma", null, 1)),
                Json.parse(r.out()));
        assertEquals(List.of("id", "name", "summary", "members", "created_at"),
                List.copyOf(Json.array(r.out()).get(0).keySet()));
    }

    @Test
    void jsonlIsOneObjectPerLine() {
        var r = expect(0, ctl("group", "list", "--format", "jsonl"));
        assertEquals(List.of(group(2, "Alpha", null, 0), group(1, "beta", "The B team", 2), group(3, "gamma", null, 1)),
                r.out().lines().map(Json::parse).toList());
    }

    @Test
    void csvHasAHeaderAndOneRowPerGroup() {
        var r = expect(0, ctl("group", "list", "--format", "csv"));
        assertEquals("id,name,summary,members,created_at\r\n"
                + "2,Alpha,,0," + CREATED + "\r\n"
                + "1,beta,The B team,2," + CREATED + "\r\n"
                + "3,gamma,,1," + CREATED + "\r\n", r.out());
    }

    @Test
    void noGroupsIsAnEmptyList() {
        sql().execute("truncate groups cascade");
        assertEquals("[]\n", expect(0, ctl("group", "list", "--json")).out());
        assertEquals("id,name,summary,members,created_at\r\n", expect(0, ctl("group", "list", "--format", "csv")).out());
    }

    @Test
    void fieldsPicksTheColumnsInTheOrderGiven() {
        var r = expect(0, ctl("group", "list", "--fields", "members,name", "--format", "csv"));
        assertEquals("members,name\r\n0,Alpha\r\n2,beta\r\n1,gamma\r\n", r.out());
    }

    @Test
    void anUnknownFieldExits2() {
        var r = expect(2, ctl("group", "list", "--fields", "name,owner"));
        assertEquals("ctl: unknown field \"owner\"; fields: id, name, summary, members, created_at\n", r.err());
        assertEquals("", r.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--limit 2                | Alpha,beta  | Showing 1-2 of 3",
            "--limit 2 --page 2       | gamma       | Showing 3-3 of 3",
            "--limit 1 --offset 1     | beta        | Showing 2-2 of 3",
            "--limit 2 --page 3       | ''          | Nothing on this page: 3 in all",
            "--offset 2               | gamma       | ''",
    })
    void pagingShowsItsRowsAndSaysWhichOnStderr(String paging, String names, String notice) {
        List<String> args = new java.util.ArrayList<>(List.of("group", "list", "--fields", "name", "--format", "csv"));
        args.addAll(List.of(paging.split(" ")));
        var r = expect(0, ctl(args.toArray(String[]::new)));
        List<String> expected = new java.util.ArrayList<>(List.of("name"));
        if (!names.isEmpty()) {
            expected.addAll(List.of(names.split(",")));
        }
        assertEquals(String.join("\r\n", expected) + "\r\n", r.out());
        assertEquals(notice.isEmpty() ? "" : notice + "\n", r.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--page 1                 | ctl: --page needs --limit",
            "--limit 0                | ctl: --limit must be at least 1",
            "--limit 1 --page 0       | ctl: --page must be at least 1",
            "--offset -1              | ctl: --offset must not be negative",
            "--limit 1 --page 1 --offset 1 | ctl: use --page or --offset, not both",
            "--limit x                | ''",
    })
    void badPagingExits2WithOneLine(String paging, String message) {
        List<String> args = new java.util.ArrayList<>(List.of("group", "list"));
        args.addAll(List.of(paging.split(" ")));
        var r = expect(2, ctl(args.toArray(String[]::new)));
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith(message.isEmpty() ? "ctl: " : message + "\n"), r::toString);
    }

    @Test
    void groupsIsAnAliasOfTheGroup() {
        var r = expect(0, ctl("groups", "list", "--fields", "name", "--format", "csv"));
        assertEquals("name\r\nAlpha\r\nbeta\r\ngamma\r\n", r.out());
    }

    @Test
    void helpShowsAnExample() {
        var r = expect(0, ctl("group", "list", "--help"));
        assertTrue(r.out().contains("Examples:\n  ctl group list"), r::toString);
    }
}
