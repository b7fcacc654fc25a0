package ctl.token;

import ctl.testing.Json;
import ctl.security.Passwords;
import org.jooq.DSLContext;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.USERS;

/** The users every token test starts from, and reading what ctl printed as JSON. */
final class TokenFixtures {
    static final String PASSWORD = "correct horse battery";
    private static String hash;

    private TokenFixtures() {}

    /**
     * alice (1) and carol (2): activated local users with {@link #PASSWORD}; dave (3):
     * deactivated, same password; bob@remote.example (4): remote; eve (5): a tombstone;
     * frank (6): no password at all.
     */
    static void users(DSLContext sql) {
        if (hash == null) {
            hash = Passwords.hash(PASSWORD.toCharArray());
        }
        sql.execute("truncate users, audit_log restart identity cascade");
        sql.insertInto(USERS).set(USERS.NICKNAME, "alice").set(USERS.EMAIL, "alice@example.com").set(USERS.PASSWORD_HASH, hash).execute();
        sql.insertInto(USERS).set(USERS.NICKNAME, "carol").set(USERS.EMAIL, "carol@example.com").set(USERS.PASSWORD_HASH, hash).execute();
        sql.insertInto(USERS).set(USERS.NICKNAME, "dave").set(USERS.EMAIL, "dave@example.com").set(USERS.PASSWORD_HASH, hash)
                .set(USERS.ACTIVATED, false).execute();
        sql.insertInto(USERS).set(USERS.NICKNAME, "bob@remote.example").set(USERS.LOCAL, false)
                .set(USERS.INSTANCE, "remote.example").execute();
        sql.insertInto(USERS).set(USERS.NICKNAME, "eve").set(USERS.ACTIVATED, false)
                .set(USERS.DELETED_AT, OffsetDateTime.now()).execute();
        sql.insertInto(USERS).set(USERS.NICKNAME, "frank").set(USERS.EMAIL, "frank@example.com").execute();
    }

    static Map<String, Object> jsonObject(String text) {
        return Json.object(text);
    }

    static List<Map<String, Object>> jsonArray(String text) {
        return Json.array(text);
    }
}
