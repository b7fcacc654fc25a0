package ctl.user.invite;

import ctl.testing.CtlTest;
import ctl.testing.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserInvitesTest extends CtlTest {
    private static final Clock LAST_SECOND_OF_MARCH_10 = Clock.fixed(Instant.parse("2026-03-10T23:59:59Z"), ZoneOffset.UTC);
    private static final Clock MIDNIGHT_MARCH_11 = Clock.fixed(Instant.parse("2026-03-11T00:00:00Z"), ZoneOffset.UTC);

    private static final String ONE_TIME =
            "ID: 1 | Token: tok1 | Token type: one_time | Used: false | Expires at: none | Max use: none | Uses left: none | Email: none";
    private static final String REUSABLE =
            "ID: 2 | Token: tok2 | Token type: reusable | Used: false | Expires at: none | Max use: 5 | Uses left: 3 | Email: x@y.example";
    private static final String LAST_DAY =
            "ID: 3 | Token: tok3 | Token type: date_limited | Used: false | Expires at: 2026-03-10 | Max use: none | Uses left: none | Email: none";
    private static final String USED_UP =
            "ID: 4 | Token: tok4 | Token type: reusable_date_limited | Used: false | Expires at: 2099-01-01 | Max use: 2 | Uses left: 0 | Email: none";
    private static final String REVOKED =
            "ID: 5 | Token: tok5 | Token type: one_time | Used: true | Expires at: none | Max use: none | Uses left: none | Email: none";
    private static final String EXPIRED =
            "ID: 6 | Token: tok6 | Token type: date_limited | Used: false | Expires at: 2026-03-09 | Max use: none | Uses left: none | Email: none";

    @BeforeAll
    void invites() {
        sql().execute("""
                insert into invites (token, type, max_use, uses, expires_at, email, used, created_at) values
                  ('tok1', 'one_time', null, 0, null, null, false, '2026-03-01T10:00:00Z'),
                  ('tok2', 'reusable', 5, 2, null, 'x@y.example', false, '2026-03-01T10:00:00Z'),
                  ('tok3', 'date_limited', null, 0, '2026-03-10', null, false, '2026-03-01T10:00:00Z'),
                  ('tok4', 'reusable_date_limited', 2, 2, '2099-01-01', null, false, '2026-03-01T10:00:00Z'),
                  ('tok5', 'one_time', null, 0, null, null, true, '2026-03-01T10:00:00Z'),
                  ('tok6', 'date_limited', null, 0, '2026-03-09', null, false, '2026-03-01T10:00:00Z')
                """);
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void listsEveryInviteInIdOrderAsPleromaDoes() {
        var r = expect(0, ctl("user", "invites"));
        assertEquals("Invites list:\n", r.err());
        assertEquals(lines(ONE_TIME, REUSABLE, LAST_DAY, USED_UP, REVOKED, EXPIRED), r.out());
    }

    @Test
    void activeKeepsAnInviteThroughTheLastSecondOfItsLastUtcDay() {
        var r = expect(0, ctl().clock(LAST_SECOND_OF_MARCH_10).run("user", "invites", "--active"));
        assertEquals(lines(ONE_TIME, REUSABLE, LAST_DAY), r.out());
    }

    @Test
    void activeDropsItAtMidnightUtc() {
        var r = expect(0, ctl().clock(MIDNIGHT_MARCH_11).run("user", "invites", "--active"));
        assertEquals(lines(ONE_TIME, REUSABLE), r.out());
    }

    @Test
    void jsonGivesTheRecordsWithSnakeCaseKeys() {
        var r = expect(0, ctl().clock(LAST_SECOND_OF_MARCH_10).run("user", "invites", "--active", "--json"));
        assertEquals("", r.err());
        var list = Json.array(r.out());
        assertEquals(3, list.size());
        assertEquals(List.of("id", "token", "type", "used", "expires_at", "max_use", "uses", "uses_left", "email",
                "created_at"), List.copyOf(list.get(0).keySet()));
        var reusable = list.get(1);
        assertEquals("tok2", reusable.get("token"));
        assertEquals("reusable", reusable.get("type"));
        assertEquals(false, reusable.get("used"));
        assertEquals(5L, ((Number) reusable.get("max_use")).longValue());
        assertEquals(2L, ((Number) reusable.get("uses")).longValue());
        assertEquals(3L, ((Number) reusable.get("uses_left")).longValue());
        assertEquals("x@y.example", reusable.get("email"));
        assertEquals(OffsetDateTime.parse("2026-03-01T10:00:00Z"), OffsetDateTime.parse((String) reusable.get("created_at")));
        assertNull(list.get(0).get("uses_left"));
        assertNull(list.get(0).get("max_use"));
        assertEquals("2026-03-10", list.get(2).get("expires_at"));
    }


    @Test
    void jsonlStreamsOneObjectPerLine() {
        var r = expect(0, ctl("user", "invites", "--format", "jsonl"));
        List<String> out = r.out().lines().toList();
        assertEquals(6, out.size());
        assertTrue(out.get(0).startsWith("{\"id\":1,\"token\":\"tok1\",\"type\":\"one_time\""), r::toString);
    }

    @Test
    void csvWithFieldsPicksColumns() {
        var r = expect(0, ctl("user", "invites", "--format", "csv", "--fields", "id,token,uses_left,email"));
        assertEquals("id,token,uses_left,email\r\n1,tok1,,\r\n2,tok2,3,x@y.example\r\n3,tok3,,\r\n"
                + "4,tok4,0,\r\n5,tok5,,\r\n6,tok6,,\r\n", r.out());
    }

    @Test
    void fieldsInTheTableFormatGiveColumns() {
        var r = expect(0, ctl("user", "invites", "--fields", "id,type", "--limit", "2"));
        assertEquals("id   type    \n---- --------\n1    one_time\n2    reusable\n", r.out());
        assertEquals("Showing 1-2 of 6\n", r.err());
    }

    @Test
    void aPageSaysWhichRowsItShows() {
        var r = expect(0, ctl("user", "invites", "--limit", "2", "--page", "2"));
        assertEquals("Invites list:\nShowing 3-4 of 6\n", r.err());
        assertEquals(lines(LAST_DAY, USED_UP), r.out());
    }

    @Test
    void quietLeavesOnlyTheData() {
        var r = expect(0, ctl("user", "invites", "-q", "--offset", "5"));
        assertEquals("", r.err());
        assertEquals(lines(EXPIRED), r.out());
    }

    @Test
    void anUnknownFieldExits2() {
        var r = expect(2, ctl("user", "invites", "--fields", "id,secret"));
        assertTrue(r.err().startsWith("ctl: unknown field \"secret\"; fields: id, token, type,"), r::toString);
        assertEquals(1, r.err().lines().count());
        assertEquals("", r.out());
    }

    @Test
    void helpHasAnExample() {
        var r = expect(0, ctl("user", "invites", "--help"));
        assertTrue(r.out().contains("\nExamples:\n  ctl user invites"), r::toString);
    }
}
