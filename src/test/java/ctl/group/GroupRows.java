package ctl.group;

import ctl.db.schema.tables.records.AuditLogRecord;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.GROUPS;
import static ctl.db.schema.Tables.GROUP_MEMBERS;
import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rows the group task tests start from (users, groups, memberships, inserted as the
 * application would) and what they read back: a group's members, the one audit entry, JSON.
 */
final class GroupRows {
    /** When every seeded group was created. */
    static final OffsetDateTime LONG_AGO = OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
    /** The clock of the runs that check created_at. */
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private GroupRows() {}

    /** Empties users, groups (and what hangs off them) and the audit log; ids start at 1 again. */
    static void reset(DSLContext sql) {
        sql.execute("truncate users, groups, group_members, audit_log restart identity cascade");
    }

    /** A local user {@code nickname@example.com}. */
    static long user(DSLContext sql, String nickname) {
        return sql.insertInto(USERS)
                .set(USERS.NICKNAME, nickname)
                .set(USERS.EMAIL, nickname.toLowerCase() + "@example.com")
                .returning(USERS.ID)
                .fetchOne(USERS.ID);
    }

    /** What `user rm` leaves of a user: the nickname, deactivated, no email. */
    static long tombstone(DSLContext sql, String nickname) {
        return sql.insertInto(USERS)
                .set(USERS.NICKNAME, nickname)
                .set(USERS.ACTIVATED, false)
                .set(USERS.DELETED_AT, LONG_AGO)
                .returning(USERS.ID)
                .fetchOne(USERS.ID);
    }

    static long group(DSLContext sql, String name, String summary) {
        return sql.insertInto(GROUPS)
                .set(GROUPS.NAME, name)
                .set(GROUPS.SUMMARY, summary)
                .set(GROUPS.CREATED_AT, LONG_AGO)
                .returning(GROUPS.ID)
                .fetchOne(GROUPS.ID);
    }

    static void member(DSLContext sql, long group, long user) {
        sql.insertInto(GROUP_MEMBERS).set(GROUP_MEMBERS.GROUP_ID, group).set(GROUP_MEMBERS.USER_ID, user).execute();
    }

    /** The nicknames of a group's members (by the group's exact name), in order. */
    static List<String> members(DSLContext sql, String group) {
        return sql.select(USERS.NICKNAME).from(GROUP_MEMBERS)
                .join(USERS).on(USERS.ID.eq(GROUP_MEMBERS.USER_ID))
                .join(GROUPS).on(GROUPS.ID.eq(GROUP_MEMBERS.GROUP_ID))
                .where(GROUPS.NAME.eq(group))
                .orderBy(USERS.NICKNAME)
                .fetch(USERS.NICKNAME);
    }

    /** Every group's name, in order. */
    static List<String> groups(DSLContext sql) {
        return sql.select(GROUPS.NAME).from(GROUPS).orderBy(GROUPS.NAME).fetch(GROUPS.NAME);
    }

    /** The audit log's only entry; fails if there is none or more than one. */
    static AuditLogRecord onlyAudit(DSLContext sql) {
        List<AuditLogRecord> entries = sql.selectFrom(AUDIT_LOG).fetch();
        assertEquals(1, entries.size(), () -> "audit entries: " + entries);
        return entries.get(0);
    }
}
