package ctl.user;

import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.jooq.JSONB;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class UserShowTest extends CtlTest {
    static final OffsetDateTime UPDATED = OffsetDateTime.of(2024, 2, 3, 4, 5, 6, 0, ZoneOffset.UTC);

    static final String ALICE_TABLE = """
            id:         1
            nickname:   Alice
            email:      alice@example.com
            name:       Alice A
            bio:        likes "quotes"
            company:    ACME
            local:      true
            instance:  \s
            admin:      true
            moderator:  false
            locked:     true
            confirmed:  true
            activated:  true
            approved:   true
            tags:       [ops, dev]
            metadata:   {"team":"infra"}
            created_at: 2024-01-02T03:04:05Z
            updated_at: 2024-02-03T04:05:06Z
            """;

    private long aliceId;

    @BeforeEach
    void users() {
        Rows.reset(sql());
        aliceId = Rows.user(sql(), "Alice", u -> {
            u.setName("Alice A");
            u.setBio("likes \"quotes\"");
            u.setCompany("ACME");
            u.setPasswordHash(Rows.SOME_HASH);
            u.setAdmin(true);
            u.setLocked(true);
            u.setTags(new String[] {"ops", "dev"});
            u.setMetadata(JSONB.jsonb("{\"team\": \"infra\"}"));
            u.setUpdatedAt(UPDATED);
        });
        Rows.remote(sql(), "bob", u -> u.setName("Remote Bob"));
        Rows.tombstone(sql(), "frank");
    }

    @ParameterizedTest(name = "by {0}")
    @ValueSource(strings = {"Alice", "alice", "ALICE", "alice@example.com", "Alice@Example.COM", "1"})
    void findsAUserByNicknameWithoutRegardToCaseByEmailOrById(String ref) {
        var r = expect(0, ctl("user", "show", ref));
        assertEquals(ALICE_TABLE, r.out());
        assertEquals("", r.err());
    }

    @Test
    void getIsAnAliasOfShow() {
        assertEquals(ALICE_TABLE, expect(0, ctl("user", "get", "alice")).out());
    }

    @Test
    void aNicknameThatLooksLikeAnIdWinsOverTheId() {
        long numeric = Rows.user(sql(), String.valueOf(aliceId), u -> u.setEmail("numeric@example.com"));
        var r = expect(0, ctl("user", "show", String.valueOf(aliceId), "--json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> user = Json.object(r.out());
        assertEquals(numeric, user.get("id"));
        assertEquals(String.valueOf(aliceId), user.get("nickname"));
    }

    @Test
    void jsonIsOneObjectWithTheSpecKeysInOrderAndNoHash() {
        var r = expect(0, ctl("user", "show", "alice", "--json"));
        assertFalse(r.out().contains("password"));
        assertFalse(r.out().contains("argon2"));
        @SuppressWarnings("unchecked")
        Map<String, Object> user = Json.object(r.out());
        assertEquals(UserListTest.SPEC_KEYS, List.copyOf(user.keySet()));
        assertEquals(1L, user.get("id"));
        assertEquals("Alice", user.get("nickname"));
        assertEquals("alice@example.com", user.get("email"));
        assertEquals("Alice A", user.get("name"));
        assertEquals("likes \"quotes\"", user.get("bio"));
        assertEquals("ACME", user.get("company"));
        assertEquals(true, user.get("local"));
        assertEquals(null, user.get("instance"));
        assertEquals(true, user.get("admin"));
        assertEquals(false, user.get("moderator"));
        assertEquals(true, user.get("locked"));
        assertEquals(List.of("ops", "dev"), user.get("tags"));
        assertEquals(Map.of("team", "infra"), user.get("metadata"));
        assertEquals("2024-01-02T03:04:05Z", user.get("created_at"));
        assertEquals("2024-02-03T04:05:06Z", user.get("updated_at"));
    }

    @Test
    void formatJsonIsTheSameAsJson() {
        assertEquals(expect(0, ctl("user", "show", "alice", "--json")).out(),
                expect(0, ctl("user", "show", "alice", "--format", "json")).out());
    }

    @Test
    void aRemoteUserShowsItsInstanceAndNoEmail() {
        var r = expect(0, ctl("user", "show", "bob@remote.example"));
        assertEquals(List.of("nickname:   bob@remote.example", "email:      ", "local:      false",
                        "instance:   remote.example"),
                r.out().lines().filter(l -> l.matches("(nickname|email|local|instance):.*")).toList());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = Json.object(
                expect(0, ctl("user", "show", "BOB@remote.example", "--json")).out());
        assertEquals("remote.example", json.get("instance"));
        assertEquals(false, json.get("local"));
        assertEquals(null, json.get("email"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nobody", "nobody@example.com", "999", "frank", "3"})
    void anUnknownOrDeletedUserExits3WithOneLine(String ref) {
        String before = db.snapshot();
        var r = expect(3, ctl("user", "show", ref));
        assertEquals("ctl: no user " + ref + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void withoutAUserItExits2() {
        var r = expect(2, ctl("user", "show"));
        assertEquals("ctl: missing required parameter: 'USER' (see `ctl user show --help`)\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void quietStillPrintsTheData() {
        var r = expect(0, ctl("user", "show", "alice", "-q"));
        assertEquals(ALICE_TABLE, r.out());
        assertEquals("", r.err());
    }
}
