package ctl.token;

import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.API_TOKENS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenListTest extends CtlTest {
    private static final OffsetDateTime T = OffsetDateTime.of(2026, 3, 1, 12, 0, 5, 0, ZoneOffset.UTC);
    private static final String FIELDS = "id, user, label, scopes, created_at, expires_at, refresh_expires_at, last_used_at, revoked_at";

    /** 1: alice ci [read, write]; 2: carol, no label; 3: alice, a revoked login; 4: alice, its live successor. */
    @BeforeEach
    void tokens() {
        Rows.loginUsers(sql());
        Rows.apiToken(sql(), 1L, "a1", t -> t.setLabel("ci").setScopes(new String[] {"read", "write"})
                .setCreatedAt(T).setExpiresAt(T.plusDays(30)));
        Rows.apiToken(sql(), 2L, "a2", t -> t.setCreatedAt(T.plusSeconds(1)).setLastUsedAt(T.plusSeconds(2)));
        for (long id : new long[] {3, 4}) {
            Rows.apiToken(sql(), 1L, "a" + id, t -> t.setLabel("login").setRefreshHash(Rows.sha256("r" + id))
                    .setFamilyId(3L).setCreatedAt(T.plusSeconds(id))
                    .setExpiresAt(T.plusSeconds(id).plusHours(1))
                    .setRefreshExpiresAt(T.plusSeconds(id).plusDays(30))
                    .setRevokedAt(id == 3 ? T.plusSeconds(4) : null));
        }
    }

    private List<Long> ids(String... args) {
        List<String> command = new ArrayList<>(List.of("token", "list", "--format", "jsonl", "--fields", "id"));
        command.addAll(List.of(args));
        return expect(0, ctl(command.toArray(String[]::new))).out().lines()
                .map(line -> ((Number) Json.object(line).get("id")).longValue()).toList();
    }

    @Test
    void listsTheLiveTokensOfEveryUserByIdAsATable() {
        var r = expect(0, ctl("token", "list"));
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of("id", "user", "label", "scopes", "created", "expires", "last_used"),
                List.of(lines.get(0).trim().split(" +")), r::toString);
        assertTrue(lines.get(1).matches("-+( +-+)*\\s*"), r::toString);
        assertEquals(5, lines.size(), r::toString);
        assertEquals(List.of("1", "alice", "ci", "read,write", "2026-03-01", "2026-03-31T12:00"),
                List.of(lines.get(2).trim().split(" +")));
        assertTrue(lines.get(3).trim().matches("2 +carol +2026-03-01 +2026-03-01"), r::toString);
        assertTrue(lines.get(4).trim().matches("4 +alice +login +2026-03-01 +2026-03-01T13:00"), r::toString);
    }

    @Test
    void theDefaultTableFits80ColumnsWhereFieldsAndJsonKeepEveryFieldWhole() {
        String label = "the nightly backup job on replica two, see runbook";
        sql().update(API_TOKENS).set(API_TOKENS.LABEL, label)
                .set(API_TOKENS.SCOPES, new String[] {"read", "write", "admin", "follow", "push"})
                .set(API_TOKENS.LAST_USED_AT, T.plusDays(3)).where(API_TOKENS.ID.eq(1L)).execute();
        for (String all : new String[] {"--limit=20", "--all"}) {
            var table = expect(0, ctl("token", "list", all));
            for (String line : table.out().split("\n")) {
                assertTrue(line.length() <= 80, "wider than 80 columns:\n" + table.out());
            }
            String row = table.out().lines().filter(l -> l.startsWith("1 ")).findFirst().orElseThrow();
            assertTrue(row.matches("1 +alice +the nig.*… +read,wr[^ ]*… +2026-03-01 +2026-03-31T12:00 +2026-03-04 *"),
                    table::toString);
        }
        var json = expect(0, ctl("token", "list", "--json")).out();
        assertTrue(json.contains("\"label\":\"" + label + "\""), json);
        assertTrue(json.contains("\"scopes\":[\"read\",\"write\",\"admin\",\"follow\",\"push\"]"), json);
        assertTrue(json.contains("\"last_used_at\":\"2026-03-04T12:00:05Z\""), json);
        var chosen = expect(0, ctl("token", "list", "--fields", "id,label,created_at"));
        assertTrue(chosen.out().contains(label + " 2026-03-01T12:00:05Z"), chosen::toString);
    }

    @Test
    void refreshExpiresAtIsInFieldsAndTheMachineFormatsNotInTheDefaultTable() {
        var table = expect(0, ctl("token", "list", "alice", "--fields", "id,refresh_expires_at"));
        assertEquals(List.of("id refresh_expires_at", "1", "4 2026-03-31T12:00:09Z"),
                table.out().lines().filter(l -> !l.startsWith("-")).map(l -> l.trim().replaceAll(" +", " ")).toList());
        assertTrue(expect(0, ctl("token", "list", "--json")).out().contains("\"refresh_expires_at\":\"2026-03-31T12:00:09Z\""));
        assertFalse(expect(0, ctl("token", "list")).out().contains("refresh_expires_at"));
    }

    @Test
    void aUserArgumentListsOnlyThatUsersTokens() {
        assertEquals(List.of(1L, 4L), ids("alice"));
        assertEquals(List.of(2L), ids("carol@example.com"));
        assertEquals(List.of(), ids("dave"));
    }

    @Test
    void allAlsoShowsRevokedTokensWithTheirRevocationTime() {
        assertEquals(List.of(1L, 2L, 3L, 4L), ids("--all"));
        var r = expect(0, ctl("token", "list", "--all"));
        assertTrue(r.out().lines().findFirst().orElseThrow().trim().matches(".* last_used +revoked"), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("3 +alice +login +2026-03-01 +2026-03-01T13:00 +2026-03-01 *")), r::toString);
    }

    @Test
    void jsonHasEveryFieldAndNeverASecretOrHash() {
        var r = expect(0, ctl("token", "list", "alice", "--all", "--json"));
        List<Map<String, Object>> rows = Json.array(r.out());
        assertEquals(3, rows.size());
        assertEquals(List.of(FIELDS.split(", ")), List.copyOf(rows.get(0).keySet()));
        assertEquals("alice", rows.get(0).get("user"));
        assertEquals(List.of("read", "write"), rows.get(0).get("scopes"));
        assertEquals("2026-03-01T12:00:09Z", rows.get(1).get("revoked_at"));
        assertEquals("2026-03-31T12:00:08Z", rows.get(1).get("refresh_expires_at"));
        assertFalse(r.out().contains("hash"));
        assertFalse(r.out().contains("\\\\x"));
    }

    @Test
    void csvAndFieldsPickColumns() {
        var r = expect(0, ctl("token", "list", "--fields", "id,user,label", "--format", "csv"));
        assertEquals("id,user,label\r\n1,alice,ci\r\n2,carol,\r\n4,alice,login\r\n", r.out());
    }

    @Test
    void limitAndPageShowAWindowAndSayWhich() {
        var r = expect(0, ctl("token", "list", "--limit", "2", "--page", "2", "--fields", "id", "--format", "csv"));
        assertEquals("id\r\n4\r\n", r.out());
        assertEquals("Showing 3-3 of 3\n", r.err());
        assertEquals(List.of(2L, 4L), ids("--offset", "1"));
    }

    @Test
    void noTokensIsAnEmptyList() {
        sql().deleteFrom(API_TOKENS).execute();
        assertEquals("[]\n", expect(0, ctl("token", "list", "--json")).out());
    }

    @Test
    void anUnknownUserExits3AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(3, ctl("token", "list", "nobody"));
        assertEquals("ctl: no user nobody\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @ParameterizedTest(name = "{0} exits 2")
    @CsvSource(delimiter = '|', value = {
            "--fields id,access_hash | ctl: unknown field \"access_hash\"; fields: " + FIELDS,
            "--fields refresh_token  | ctl: unknown field \"refresh_token\"; fields: " + FIELDS,
            "--page 2                | ctl: --page needs --limit",
    })
    void badFieldsOrPagingExit2AndChangeNothing(String args, String message) {
        String before = db.snapshot();
        List<String> command = new ArrayList<>(List.of("token", "list"));
        command.addAll(List.of(args.trim().split(" +")));
        var r = expect(2, ctl(command.toArray(String[]::new)));
        assertEquals(message + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void helpHasAnExample() {
        assertTrue(expect(0, ctl("token", "list", "--help")).out().contains("Examples:\n  ctl token list alice"));
    }
}
