package ctl.user;

import ctl.db.schema.tables.records.AuditLogRecord;
import ctl.db.schema.tables.records.UsersRecord;
import org.jooq.DSLContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static ctl.db.schema.Tables.ACTIVITIES;
import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.FOLLOWS;
import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rows the user task tests start from, inserted as the application would (users, their
 * follows, activities and API tokens), and what those tests read back: a user's row, the
 * follows, the one audit entry, a JSON record.
 */
final class UserRows {
    /** When every seeded user was created and last updated. */
    static final OffsetDateTime LONG_AGO = OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
    /** The clock of the runs that check updated_at. */
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private UserRows() {}

    /** Empties users (and what hangs off them) and the audit log; ids start at 1 again. */
    static void reset(DSLContext sql) {
        sql.execute("truncate users, audit_log restart identity cascade");
    }

    /** A local user {@code nickname@example.com} with the schema's defaults, changed by {@code with}. */
    static long local(DSLContext sql, String nickname, Consumer<UsersRecord> with) {
        UsersRecord user = sql.newRecord(USERS);
        user.setNickname(nickname);
        user.setEmail(nickname + "@example.com");
        user.setCreatedAt(LONG_AGO);
        user.setUpdatedAt(LONG_AGO);
        with.accept(user);
        user.store();
        return user.getId();
    }

    static long local(DSLContext sql, String nickname) {
        return local(sql, nickname, user -> {});
    }

    /** {@code name@instance}: not local, no email; changed by {@code with} before that. */
    static long remote(DSLContext sql, String name, String instance, Consumer<UsersRecord> with) {
        return local(sql, name + "@" + instance, user -> {
            with.accept(user);
            user.setLocal(false);
            user.setInstance(instance);
            user.setEmail(null);
        });
    }

    static long remote(DSLContext sql, String name, String instance) {
        return remote(sql, name, instance, user -> {});
    }

    /** {@code name@remote.example}, changed by {@code with}. */
    static long remote(DSLContext sql, String name, Consumer<UsersRecord> with) {
        return remote(sql, name, "remote.example", with);
    }

    static long remote(DSLContext sql, String name) {
        return remote(sql, name, "remote.example");
    }

    /**
     * What `user rm` leaves of a user changed by {@code with}: the nickname, deactivated, no
     * email.
     */
    static long tombstone(DSLContext sql, String nickname, Consumer<UsersRecord> with) {
        return local(sql, nickname, user -> {
            with.accept(user);
            user.setEmail(null);
            user.setActivated(false);
            user.setDeletedAt(LONG_AGO);
        });
    }

    static long tombstone(DSLContext sql, String nickname) {
        return tombstone(sql, nickname, user -> {});
    }

    static void follow(DSLContext sql, long follower, long followed) {
        sql.insertInto(FOLLOWS).set(FOLLOWS.FOLLOWER_ID, follower).set(FOLLOWS.FOLLOWED_ID, followed).execute();
    }

    /** Every follow as "follower -> followed" (nicknames), in order. */
    static List<String> follows(DSLContext sql) {
        return sql.fetch("select f.nickname || ' -> ' || d.nickname from follows join users f on f.id = follower_id "
                + "join users d on d.id = followed_id order by 1").getValues(0, String.class);
    }

    /** One activity of {@code user}: a post (object null), or a like or boost of {@code object}. */
    static long activity(DSLContext sql, long user, String kind, Long object) {
        return sql.insertInto(ACTIVITIES)
                .set(ACTIVITIES.USER_ID, user)
                .set(ACTIVITIES.KIND, kind)
                .set(ACTIVITIES.OBJECT_ID, object)
                .returning(ACTIVITIES.ID)
                .fetchOne(ACTIVITIES.ID);
    }

    /** {@code count} posts of {@code user} ("post 1", "post 2", …); returns the first one's id. */
    static long posts(DSLContext sql, long user, int count) {
        sql.execute("insert into activities (user_id, kind, content) "
                + "select ?, 'post', 'post ' || n from generate_series(1, ?) n", user, count);
        return sql.select(ACTIVITIES.ID).from(ACTIVITIES).where(ACTIVITIES.USER_ID.eq(user))
                .orderBy(ACTIVITIES.ID).limit(1).fetchOne(ACTIVITIES.ID);
    }

    /** An API token of {@code user} labelled with its secret, stored as its hash. */
    static void apiToken(DSLContext sql, long user, String secret) {
        sql.insertInto(API_TOKENS)
                .set(API_TOKENS.USER_ID, user)
                .set(API_TOKENS.LABEL, secret)
                .set(API_TOKENS.ACCESS_HASH, sha256(secret))
                .execute();
    }

    static UsersRecord row(DSLContext sql, long id) {
        return sql.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOne();
    }

    /** The audit log's only entry; fails if there is none or more than one. */
    static AuditLogRecord onlyAudit(DSLContext sql) {
        List<AuditLogRecord> entries = sql.selectFrom(AUDIT_LOG).fetch();
        assertEquals(1, entries.size(), () -> "audit entries: " + entries);
        return entries.get(0);
    }

    /** A JSON time (ISO-8601, UTC) as an instant. */
    static Instant instant(Object jsonTime) {
        String time = (String) jsonTime;
        assertTrue(time.endsWith("Z"), time);
        return OffsetDateTime.parse(time).toInstant();
    }

    /** SHA-256 of the UTF-8 bytes: how tokens are stored. */
    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) {
        return (Map<String, Object>) UserListTest.json(text);
    }
}
