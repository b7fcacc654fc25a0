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

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The users the state task tests start from, inserted as the application would, and what
 * those tests read back: a user's row, the one audit entry, a JSON record.
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

    /** {@code name@remote.example}: not local, no email; changed by {@code with} before that. */
    static long remote(DSLContext sql, String name, Consumer<UsersRecord> with) {
        return local(sql, name + "@remote.example", user -> {
            with.accept(user);
            user.setLocal(false);
            user.setInstance("remote.example");
            user.setEmail(null);
        });
    }

    static long remote(DSLContext sql, String name) {
        return remote(sql, name, user -> {});
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
