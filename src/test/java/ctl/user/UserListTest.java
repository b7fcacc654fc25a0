package ctl.user;

import ctl.db.schema.tables.records.UsersRecord;
import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Consumer;

import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserListTest extends CtlTest {
    static final List<String> SPEC_KEYS = List.of("id", "nickname", "email", "name", "bio", "company", "local",
            "instance", "admin", "moderator", "locked", "confirmed", "activated", "approved", "tags", "metadata",
            "created_at", "updated_at");

    /**
     * Local: alice (admin, tag ops), bob (moderator), carol (deactivated), dave (unconfirmed),
     * erin (pending). Remote: bob@remote.example, eve@evil-remote.example. Tombstones: frank
     * (local), gone@remote.example (remote). All in id order.
     */
    @BeforeEach
    void users() {
        Rows.reset(sql());
        Rows.user(sql(), "alice", withPassword.andThen(u -> {
            u.setAdmin(true);
            u.setTags(new String[] {"ops", "dev"});
        }));
        Rows.user(sql(), "bob", withPassword.andThen(u -> u.setModerator(true)));
        Rows.user(sql(), "carol", withPassword.andThen(u -> u.setActivated(false)));
        Rows.user(sql(), "dave", withPassword.andThen(u -> u.setConfirmed(false)));
        Rows.user(sql(), "erin", withPassword.andThen(u -> u.setApproved(false)));
        Rows.remote(sql(), "bob", "remote.example");
        Rows.remote(sql(), "eve", "evil-remote.example");
        Rows.tombstone(sql(), "frank");
        Rows.remote(sql(), "gone", "remote.example", Rows.DELETED);
    }

    private final Consumer<UsersRecord> withPassword = u -> u.setPasswordHash(Rows.SOME_HASH);

    /** The nicknames a list run prints, in order, through its one-column CSV. */
    private List<String> nicknames(String... args) {
        List<String> command = new ArrayList<>(List.of("user", "list"));
        command.addAll(List.of(args));
        command.addAll(List.of("--fields", "nickname", "--format", "csv"));
        var r = expect(0, ctl(command.toArray(String[]::new)));
        if (!command.contains("--limit")) {
            assertEquals("", r.err());
        }
        List<String> lines = new ArrayList<>(Arrays.asList(r.out().split("\r\n")));
        assertEquals("nickname", lines.remove(0), r::toString);
        return lines;
    }



    @Test
    void listsLiveLocalUsersByDefault() {
        assertEquals(List.of("alice", "bob", "carol", "dave", "erin"), nicknames());
    }

    @Test
    void remoteListsOnlyLiveRemoteUsers() {
        assertEquals(List.of("bob@remote.example", "eve@evil-remote.example"), nicknames("--remote"));
    }

    @Test
    void allListsLocalAndRemoteUsersButNeverTombstones() {
        assertEquals(List.of("alice", "bob", "carol", "dave", "erin", "bob@remote.example", "eve@evil-remote.example"),
                nicknames("--all"));
    }

    @Test
    void remoteAndAllTogetherExit2AndChangeNothing() {
        String before = db.snapshot();
        var r = expect(2, ctl("user", "list", "--remote", "--all"));
        assertTrue(r.err().startsWith("ctl: ") && r.err().indexOf('\n') == r.err().length() - 1, r::toString);
        assertTrue(r.err().contains("--remote") && r.err().contains("--all"), r::toString);
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @ParameterizedTest(name = "{0} lists {1}")
    @CsvSource(delimiter = '|', value = {
            "--admin       | alice",
            "--moderator   | bob",
            "--deactivated | carol",
            "--unconfirmed | dave",
            "--pending     | erin",
    })
    void eachFilterPicksItsUsersAndNeverATombstone(String filter, String nickname) {
        assertEquals(List.of(nickname), nicknames(filter));
    }

    @Test
    void filtersCombine() {
        sql().update(USERS).set(USERS.ADMIN, true).where(USERS.NICKNAME.eq("carol")).execute();
        assertEquals(List.of("alice", "carol"), nicknames("--admin"));
        assertEquals(List.of("carol"), nicknames("--admin", "--deactivated"));
    }

    @Test
    void tagMatchesWithoutRegardToCase() {
        assertEquals(List.of("alice"), nicknames("--tag", "OPS"));
        assertEquals(List.of("alice"), nicknames("--tag", "dev"));
        assertEquals(List.of(), nicknames("--tag", "op"));
    }

    @Test
    void instanceMatchesTheExactHostNotASubstring() {
        assertEquals(List.of("bob@remote.example"), nicknames("--instance", "remote.example"));
        assertEquals(List.of("eve@evil-remote.example"), nicknames("--instance", "evil-remote.example"));
        assertEquals(List.of(), nicknames("--instance", "example"));
    }

    @Test
    void orderedByIdNeitherByNicknameNorByInsertion() {
        Rows.reset(sql());
        Rows.user(sql(), "m30", u -> u.setId(30L));
        Rows.user(sql(), "x10", u -> u.setId(10L));
        Rows.user(sql(), "a20", u -> u.setId(20L));
        assertEquals(List.of("x10", "a20", "m30"), nicknames());
    }

    @Test
    void limitPageAndOffsetPickAWindow() {
        assertEquals(List.of("alice", "bob"), nicknames("--limit", "2"));
        assertEquals(List.of("alice", "bob"), nicknames("--limit", "2", "--page", "1"));
        assertEquals(List.of("carol", "dave"), nicknames("--limit", "2", "--page", "2"));
        assertEquals(List.of("erin"), nicknames("--limit", "2", "--page", "3"));
        assertEquals(List.of(), nicknames("--limit", "2", "--page", "4"));
        assertEquals(List.of("dave", "erin"), nicknames("--limit", "2", "--offset", "3"));
        assertEquals(List.of("erin"), nicknames("--offset", "4"));
    }

    @Test
    void aPageSaysOnStderrWhichRowsOfHowManyItShows() {
        assertEquals("Showing 3-4 of 5\n", expect(0, ctl("user", "list", "--limit", "2", "--page", "2")).err());
        assertEquals("Showing 5-5 of 5\n", expect(0, ctl("user", "list", "--limit", "2", "--offset", "4")).err());
        assertEquals("Nothing on this page: 5 in all\n", expect(0, ctl("user", "list", "--limit", "2", "--page", "4")).err());
        assertEquals("", expect(0, ctl("user", "list", "--limit", "2", "-q")).err());
        assertEquals("", expect(0, ctl("user", "list", "--offset", "1")).err());
    }

    @ParameterizedTest(name = "{0} exits 2: {1}")
    @CsvSource(delimiter = '|', value = {
            "--page 2                        | ctl: --page needs --limit",
            "--limit 2 --page 1 --offset 1   | ctl: use --page or --offset, not both",
            "--limit 0                       | ctl: --limit must be at least 1",
            "--limit -1                      | ctl: --limit must be at least 1",
            "--limit 2 --page 0              | ctl: --page must be at least 1",
            "--offset -1                     | ctl: --offset must not be negative",
            "--fields id,nope                | ctl: unknown field \"nope\"; fields: id, nickname, email, name, bio, company, local, instance, admin, moderator, locked, confirmed, activated, approved, tags, metadata, created_at, updated_at",
            "--fields password_hash          | ctl: unknown field \"password_hash\"; fields: id, nickname, email, name, bio, company, local, instance, admin, moderator, locked, confirmed, activated, approved, tags, metadata, created_at, updated_at",
    })
    void badPagingOrFieldsExit2WithOneLineAndChangeNothing(String args, String message) {
        String before = db.snapshot();
        List<String> command = new ArrayList<>(List.of("user", "list"));
        command.addAll(List.of(args.trim().split(" +")));
        var r = expect(2, ctl(command.toArray(String[]::new)));
        assertEquals(message + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aNonNumericLimitExits2WithOneLine() {
        var r = expect(2, ctl("user", "list", "--limit", "ten"));
        assertTrue(r.err().startsWith("ctl: ") && r.err().indexOf('\n') == r.err().length() - 1, r::toString);
        assertTrue(r.err().contains("--limit"), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void fieldsPickColumnsInTheirOrderInEveryFormat() {
        var table = expect(0, ctl("user", "list", "--fields", "nickname,id", "--limit", "2"));
        assertEquals(List.of(List.of("nickname", "id"), List.of("alice", "1"), List.of("bob", "2")), cells(table.out()));

        var json = expect(0, ctl("user", "list", "--fields", "id,nickname", "--limit", "2", "--json"));
        assertEquals(List.of(Map.of("id", 1L, "nickname", "alice"), Map.of("id", 2L, "nickname", "bob")), Json.array(json.out()));
        assertEquals(List.of("id", "nickname"), List.copyOf(Json.array(json.out()).get(0).keySet()));

        var jsonl = expect(0, ctl("user", "list", "--fields", "id,nickname", "--limit", "2", "--format", "jsonl"));
        assertEquals("{\"id\":1,\"nickname\":\"alice\"}\n{\"id\":2,\"nickname\":\"bob\"}\n", jsonl.out());

        var csv = expect(0, ctl("user", "list", "--fields", "id,nickname", "--limit", "2", "--format", "csv"));
        assertEquals("id,nickname\r\n1,alice\r\n2,bob\r\n", csv.out());
    }

    @Test
    void fieldNamesAreCaseInsensitiveAndTrimmed() {
        var csv = expect(0, ctl("user", "list", "--fields", "ID, Nickname", "--limit", "1", "--format", "csv"));
        assertEquals("id,nickname\r\n1,alice\r\n", csv.out());
    }

    /**
     * The cells of an aligned table: the dashed line under the header marks each column's
     * span; every line must keep its values inside those spans, with blanks between them.
     */
    private static List<List<String>> cells(String table) {
        String[] lines = table.split("\n");
        assertTrue(lines.length >= 2, table);
        String dashes = lines[1];
        assertTrue(dashes.matches("-+( +-+)*\\s*"), "no dashed line under the header:\n" + table);
        List<int[]> spans = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("-+").matcher(dashes);
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (i == 1) {
                continue;
            }
            String line = lines[i];
            List<String> row = new ArrayList<>();
            int previousEnd = 0;
            for (int[] span : spans) {
                String gap = line.substring(Math.min(previousEnd, line.length()), Math.min(span[0], line.length()));
                assertTrue(gap.isBlank(), "misaligned line " + i + " (" + line + ") in:\n" + table);
                row.add(line.substring(Math.min(span[0], line.length()), Math.min(span[1], line.length())).trim());
                previousEnd = span[1];
            }
            assertTrue(line.length() <= previousEnd || line.substring(previousEnd).isBlank(),
                    "line " + i + " runs past the last column:\n" + table);
            rows.add(row);
        }
        return rows;
    }

    @Test
    void tableIsAlignedColumnsWithAHeader() {
        var r = expect(0, ctl("user", "list"));
        assertEquals("", r.err());
        List<List<String>> cells = cells(r.out());
        List<String> header = cells.get(0);
        assertEquals(List.of("id", "nickname", "email"), header.subList(0, 3), r::toString);
        assertFalse(header.contains("password_hash"));
        assertEquals(6, cells.size(), r::toString);
        for (int i = 1; i < cells.size(); i++) {
            assertEquals(String.valueOf(i), cells.get(i).get(0));
        }
        assertEquals(List.of("1", "alice", "alice@example.com"), cells.get(1).subList(0, 3));
        assertEquals(List.of("5", "erin", "erin@example.com"), cells.get(5).subList(0, 3));
    }

    @Test
    void theDefaultTableShowsTheUnusualFlagsOfEachUserAndTheDayOfCreation() {
        var r = expect(0, ctl("user", "list", "--all"));
        List<List<String>> cells = cells(r.out());
        assertEquals(List.of("id", "nickname", "email", "flags", "created"), cells.get(0));
        assertEquals(List.of("1", "alice", "alice@example.com", "admin", "2024-01-02"), cells.get(1));
        assertEquals(List.of("moderator", "deactivated", "unconfirmed", "pending", "remote", "remote"),
                cells.subList(2, 8).stream().map(row -> row.get(3)).toList());
    }

    @Test
    void theDefaultTableFits80ColumnsCuttingLongCellsWithAnEllipsisWhereJsonAndCsvKeepThemWhole() {
        String nickname = "averyveryveryverylongnicknameforsomeone";
        String email = "someone-with-a-really-long-address@subdomain.university.example.edu";
        sql().insertInto(USERS).set(USERS.NICKNAME, nickname).set(USERS.EMAIL, email).set(USERS.PASSWORD_HASH, Rows.SOME_HASH)
                .set(USERS.ADMIN, true).set(USERS.MODERATOR, true).set(USERS.APPROVED, false).execute();
        var table = expect(0, ctl("user", "list"));
        for (String line : table.out().split("\n")) {
            assertTrue(line.length() <= 80, "wider than 80 columns:\n" + table.out());
        }
        List<String> row = cells(table.out()).get(6);
        assertTrue(row.get(1).endsWith("…") && nickname.startsWith(row.get(1).replace("…", "")), table::toString);
        assertTrue(row.get(2).endsWith("…") && email.startsWith(row.get(2).replace("…", "")), table::toString);
        assertEquals(List.of("1", "alice", "alice@example.com"), cells(table.out()).get(1).subList(0, 3), "short cells stay whole");

        assertTrue(expect(0, ctl("user", "list", "--json")).out().contains("\"nickname\":\"" + nickname + "\",\"email\":\"" + email + "\""));
        assertTrue(expect(0, ctl("user", "list", "--format", "csv")).out().contains("," + nickname + "," + email + ","));
        var chosen = expect(0, ctl("user", "list", "--fields", "nickname,email"));
        assertTrue(chosen.out().contains(nickname + " " + email.substring(0, 57) + "..."), "--fields keeps cells up to 60:\n" + chosen);
    }

    @Test
    void jsonIsAnArrayOfObjectsWithTheSpecKeysInOrder() {
        var r = expect(0, ctl("user", "list", "--all", "--json"));
        assertEquals("", r.err());
        List<Map<String, Object>> users = Json.array(r.out());
        assertEquals(7, users.size());
        for (Map<String, Object> u : users) {
            assertEquals(SPEC_KEYS, List.copyOf(u.keySet()), r::toString);
        }
        Map<String, Object> alice = users.get(0);
        assertEquals(1L, alice.get("id"));
        assertEquals("alice", alice.get("nickname"));
        assertEquals("alice@example.com", alice.get("email"));
        assertEquals(null, alice.get("name"));
        assertEquals(true, alice.get("local"));
        assertEquals(null, alice.get("instance"));
        assertEquals(true, alice.get("admin"));
        assertEquals(List.of("ops", "dev"), alice.get("tags"));
        assertEquals(Map.of(), alice.get("metadata"));
        Map<String, Object> remote = users.get(5);
        assertEquals("bob@remote.example", remote.get("nickname"));
        assertEquals(false, remote.get("local"));
        assertEquals("remote.example", remote.get("instance"));
        assertEquals(null, remote.get("email"));
    }

    @Test
    void jsonTimesAreIso8601InUtc() {
        var r = expect(0, ctl("user", "list", "--json", "--fields", "created_at,updated_at", "--limit", "1"));
        Map<String, Object> alice = Json.array(r.out()).get(0);
        for (String key : List.of("created_at", "updated_at")) {
            String time = (String) alice.get(key);
            assertTrue(time.endsWith("Z"), key + " is " + time);
            assertEquals(Rows.LONG_AGO.toInstant(), Instant.parse(time));
        }
    }

    @Test
    void timesAreUtcWhateverTheJvmTimeZone() {
        TimeZone zone = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
            var r = expect(0, ctl("user", "list", "--json", "--fields", "created_at", "--limit", "1"));
            assertEquals("[\n{\"created_at\":\"2024-01-02T03:04:05Z\"}\n]\n", r.out());
        } finally {
            TimeZone.setDefault(zone);
        }
    }

    @Test
    void jsonNeverHoldsAPasswordHash() {
        for (String format : List.of("json", "jsonl", "csv", "table")) {
            var r = expect(0, ctl("user", "list", "--all", "--format", format));
            assertFalse(r.out().contains("password"), r::toString);
            assertFalse(r.out().contains("argon2"), r::toString);
        }
    }

    @Test
    void anEmptyListInJsonIsAnEmptyArray() {
        var r = expect(0, ctl("user", "list", "--tag", "nobody-has-this", "--json"));
        assertEquals("[]\n", r.out());
        assertEquals("", r.err());
        assertEquals(List.of(), Json.array(r.out()));
    }

    @Test
    void jsonlIsOneObjectPerLine() {
        var r = expect(0, ctl("user", "list", "--format", "jsonl"));
        String[] lines = r.out().split("\n");
        assertEquals(5, lines.length, r::toString);
        assertTrue(r.out().endsWith("}\n"));
        for (int i = 0; i < lines.length; i++) {
            Map<String, Object> user = Json.object(lines[i]);
            assertEquals(SPEC_KEYS, List.copyOf(user.keySet()));
            assertEquals((long) i + 1, user.get("id"));
        }
        assertEquals("", expect(0, ctl("user", "list", "--tag", "nobody-has-this", "--format", "jsonl")).out());
    }

    @Test
    void csvIsRfc4180WithAHeaderAndQuoting() {
        sql().update(USERS).set(USERS.NAME, "Smith, \"Al\"\nsecond line").where(USERS.NICKNAME.eq("alice")).execute();
        sql().update(USERS).set(USERS.NAME, "Bob").where(USERS.NICKNAME.eq("bob")).execute();
        var r = expect(0, ctl("user", "list", "--fields", "id,nickname,name", "--limit", "3", "--format", "csv"));
        assertEquals("id,nickname,name\r\n"
                + "1,alice,\"Smith, \"\"Al\"\"\nsecond line\"\r\n"
                + "2,bob,Bob\r\n"
                + "3,carol,\r\n", r.out());
    }

    @Test
    void csvOfEveryFieldHasTheSpecHeader() {
        var r = expect(0, ctl("user", "list", "--format", "csv", "--limit", "1"));
        assertEquals(String.join(",", SPEC_KEYS), r.out().substring(0, r.out().indexOf("\r\n")));
        assertEquals(2, r.out().split("\r\n").length, r::toString);
    }

    @Test
    void listingChangesNothing() {
        String before = db.snapshot();
        expect(0, ctl("user", "list", "--all", "--json"));
        assertEquals(before, db.snapshot());
    }
}
