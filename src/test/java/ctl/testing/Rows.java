package ctl.testing;

import ctl.db.schema.tables.records.ApiTokensRecord;
import ctl.db.schema.tables.records.AuditLogRecord;
import ctl.db.schema.tables.records.InvitesRecord;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.security.Passwords;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static ctl.db.schema.Tables.ACTIVITIES;
import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.AUTHORIZATIONS;
import static ctl.db.schema.Tables.FOLLOWS;
import static ctl.db.schema.Tables.GROUPS;
import static ctl.db.schema.Tables.GROUP_MEMBERS;
import static ctl.db.schema.Tables.INVITES;
import static ctl.db.schema.Tables.PASSWORD_RESET_TOKENS;
import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The one way tests seed rows: users, follows, activities, API tokens, authorizations, reset
 * tokens, invites, groups and audit entries, inserted through jOOQ as the application (or an earlier ctl run) would
 * have left them; and the few things tests read back (a user's row, the follows, a group's
 * members, the one audit entry). Every method takes the test's {@link TestDatabase#sql()}.
 */
public final class Rows {
    /** When every seeded user and group was created (and a user last updated). */
    public static final OffsetDateTime LONG_AGO = OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
    /** The clock of the runs that check the times ctl writes. */
    public static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** A well-formed argon2id hash of no password anyone types: a user who has a password. */
    public static final String SOME_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
    /** The password of the users {@link #loginUsers} seeds. */
    public static final String PASSWORD = "correct horse battery";
    private static String passwordHash;

    private Rows() {}

    /** Empties every table of the application and the audit log; ids start at 1 again. */
    public static void reset(DSLContext sql) {
        sql.execute("truncate users, invites, groups, audit_log, ctl_run_locks restart identity cascade");
    }

    // --- users

    /** A local user {@code nickname@example.com} with the schema's defaults, changed by {@code with}. */
    public static long user(DSLContext sql, String nickname, Consumer<UsersRecord> with) {
        UsersRecord user = sql.newRecord(USERS);
        user.setNickname(nickname);
        user.setEmail(nickname.toLowerCase() + "@example.com");
        user.setCreatedAt(LONG_AGO);
        user.setUpdatedAt(LONG_AGO);
        with.accept(user);
        user.store();
        return user.getId();
    }

    public static long user(DSLContext sql, String nickname) {
        return user(sql, nickname, u -> {});
    }

    /** {@code name@instance}: not local, no email; changed by {@code with} before that. */
    public static long remote(DSLContext sql, String name, String instance, Consumer<UsersRecord> with) {
        return user(sql, name + "@" + instance, u -> {
            with.accept(u);
            u.setLocal(false);
            u.setInstance(instance);
            u.setEmail(null);
        });
    }

    public static long remote(DSLContext sql, String name, String instance) {
        return remote(sql, name, instance, u -> {});
    }

    /** {@code name@remote.example}, changed by {@code with}. */
    public static long remote(DSLContext sql, String name, Consumer<UsersRecord> with) {
        return remote(sql, name, "remote.example", with);
    }

    public static long remote(DSLContext sql, String name) {
        return remote(sql, name, "remote.example");
    }

    /** What `user rm` leaves of a user: the nickname, deactivated, no email, no password. */
    public static final Consumer<UsersRecord> DELETED = u -> {
        u.setEmail(null);
        u.setPasswordHash(null);
        u.setActivated(false);
        u.setDeletedAt(LONG_AGO);
    };

    /** A local user changed by {@code with}, then deleted: its tombstone. */
    public static long tombstone(DSLContext sql, String nickname, Consumer<UsersRecord> with) {
        return user(sql, nickname, with.andThen(DELETED));
    }

    public static long tombstone(DSLContext sql, String nickname) {
        return tombstone(sql, nickname, u -> {});
    }

    /**
     * {@code count} local users {@code prefix1}, {@code prefix2}, … ({@code prefixN@example.com}),
     * in one statement, each set as {@code with} sets a record (any columns but nickname and email).
     */
    public static void users(DSLContext sql, String prefix, int count, Consumer<UsersRecord> with) {
        UsersRecord like = sql.newRecord(USERS);
        like.setCreatedAt(LONG_AGO);
        like.setUpdatedAt(LONG_AGO);
        with.accept(like);
        List<Field<?>> columns = new ArrayList<>(List.of(USERS.NICKNAME, USERS.EMAIL));
        Field<String> nickname = DSL.val(prefix).concat(DSL.field(DSL.name("n"), Integer.class));
        List<Field<?>> values = new ArrayList<>(List.of(nickname, nickname.concat("@example.com")));
        for (Field<?> column : like.fields()) {
            if (like.changed(column)) {
                columns.add(column);
                values.add(DSL.val(like.get(column), column));
            }
        }
        sql.insertInto(USERS).columns(columns)
                .select(DSL.select(values).from(DSL.generateSeries(1, count).as("s", "n")))
                .execute();
    }

    /** Sets the user's password to {@code password}, hashed as the application does (argon2id). */
    public static Consumer<UsersRecord> password(String password) {
        String hash = PASSWORD.equals(password) ? passwordHash() : Passwords.hash(password.toCharArray());
        return u -> u.setPasswordHash(hash);
    }

    private static synchronized String passwordHash() {
        if (passwordHash == null) {
            passwordHash = Passwords.hash(PASSWORD.toCharArray());
        }
        return passwordHash;
    }

    /**
     * After a {@link #reset}, the users the sign-in tests start from: alice (1) and carol (2),
     * activated local users with {@link #PASSWORD}; dave (3): deactivated, same password;
     * bob@remote.example (4): remote; eve (5): a tombstone; frank (6): no password at all.
     */
    public static void loginUsers(DSLContext sql) {
        reset(sql);
        user(sql, "alice", password(PASSWORD));
        user(sql, "carol", password(PASSWORD));
        user(sql, "dave", password(PASSWORD).andThen(u -> u.setActivated(false)));
        remote(sql, "bob");
        tombstone(sql, "eve");
        user(sql, "frank");
    }

    public static UsersRecord row(DSLContext sql, long id) {
        return sql.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOne();
    }

    // --- what hangs off a user

    public static void follow(DSLContext sql, long follower, long followed) {
        sql.insertInto(FOLLOWS).set(FOLLOWS.FOLLOWER_ID, follower).set(FOLLOWS.FOLLOWED_ID, followed).execute();
    }

    /** Every follow as "follower -> followed" (nicknames), in order. */
    public static List<String> follows(DSLContext sql) {
        return sql.fetch("select f.nickname || ' -> ' || d.nickname from follows join users f on f.id = follower_id "
                + "join users d on d.id = followed_id order by 1").getValues(0, String.class);
    }

    /** One activity of {@code user}: a post (object null), or a like or boost of {@code object}. */
    public static long activity(DSLContext sql, long user, String kind, Long object) {
        return sql.insertInto(ACTIVITIES)
                .set(ACTIVITIES.USER_ID, user)
                .set(ACTIVITIES.KIND, kind)
                .set(ACTIVITIES.OBJECT_ID, object)
                .returning(ACTIVITIES.ID)
                .fetchOne(ACTIVITIES.ID);
    }

    /** {@code count} posts of {@code user} ("post 1", "post 2", …) in one statement; returns the first one's id. */
    public static long posts(DSLContext sql, long user, int count) {
        sql.execute("insert into activities (user_id, kind, content) "
                + "select ?, 'post', 'post ' || n from generate_series(1, ?) n", user, count);
        return sql.select(ACTIVITIES.ID).from(ACTIVITIES).where(ACTIVITIES.USER_ID.eq(user))
                .orderBy(ACTIVITIES.ID).limit(1).fetchOne(ACTIVITIES.ID);
    }

    /** An API token of {@code user} labelled with its secret, stored as its hash. */
    public static long apiToken(DSLContext sql, long user, String secret) {
        return apiToken(sql, user, secret, t -> t.setLabel(secret));
    }

    /** An API token of {@code user} whose access token is {@code secret} (stored as its hash), changed by {@code with}. */
    public static long apiToken(DSLContext sql, long user, String secret, Consumer<ApiTokensRecord> with) {
        ApiTokensRecord token = sql.newRecord(API_TOKENS);
        token.setUserId(user);
        token.setAccessHash(sha256(secret));
        with.accept(token);
        token.store();
        return token.getId();
    }

    /** An app's grant to {@code user}. */
    public static void authorization(DSLContext sql, long user, String app) {
        sql.insertInto(AUTHORIZATIONS).set(AUTHORIZATIONS.USER_ID, user).set(AUTHORIZATIONS.APP, app).execute();
    }

    /** A password reset token of {@code user}, stored as its hash, valid until {@code expiresAt}. */
    public static void resetToken(DSLContext sql, long user, String secret, OffsetDateTime expiresAt) {
        sql.insertInto(PASSWORD_RESET_TOKENS)
                .set(PASSWORD_RESET_TOKENS.USER_ID, user)
                .set(PASSWORD_RESET_TOKENS.TOKEN_HASH, sha256(secret))
                .set(PASSWORD_RESET_TOKENS.EXPIRES_AT, expiresAt)
                .execute();
    }

    /** SHA-256 of the UTF-8 bytes: how tokens are stored. */
    public static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- invites

    /** An invite of {@code type} ({@code one_time}, {@code reusable}, …) with {@code token}, changed by {@code with}. */
    public static long invite(DSLContext sql, String token, String type, Consumer<InvitesRecord> with) {
        InvitesRecord invite = sql.newRecord(INVITES);
        invite.setToken(token);
        invite.setType(type);
        with.accept(invite);
        invite.store();
        return invite.getId();
    }

    public static long invite(DSLContext sql, String token, String type) {
        return invite(sql, token, type, i -> {});
    }

    // --- groups

    public static long group(DSLContext sql, String name, String summary) {
        return sql.insertInto(GROUPS)
                .set(GROUPS.NAME, name)
                .set(GROUPS.SUMMARY, summary)
                .set(GROUPS.CREATED_AT, LONG_AGO)
                .returning(GROUPS.ID)
                .fetchOne(GROUPS.ID);
    }

    public static void member(DSLContext sql, long group, long user) {
        sql.insertInto(GROUP_MEMBERS).set(GROUP_MEMBERS.GROUP_ID, group).set(GROUP_MEMBERS.USER_ID, user).execute();
    }

    /** The nicknames of a group's members (by the group's exact name), in order. */
    public static List<String> members(DSLContext sql, String group) {
        return sql.select(USERS.NICKNAME).from(GROUP_MEMBERS)
                .join(USERS).on(USERS.ID.eq(GROUP_MEMBERS.USER_ID))
                .join(GROUPS).on(GROUPS.ID.eq(GROUP_MEMBERS.GROUP_ID))
                .where(GROUPS.NAME.eq(group))
                .orderBy(USERS.NICKNAME)
                .fetch(USERS.NICKNAME);
    }

    /** Every group's name, in order. */
    public static List<String> groups(DSLContext sql) {
        return sql.select(GROUPS.NAME).from(GROUPS).orderBy(GROUPS.NAME).fetch(GROUPS.NAME);
    }

    // --- the audit log

    /** One finished entry as a one-transaction task writes it, at {@code at} (ISO-8601); returns its id. */
    public static long auditEntry(DSLContext sql, String at, String actor, String operation, String kind, String target,
                                  String parameters, String changes) {
        return sql.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.AT, OffsetDateTime.parse(at))
                .set(AUDIT_LOG.ACTOR, actor)
                .set(AUDIT_LOG.ACTOR_HOST, "host1")
                .set(AUDIT_LOG.OPERATION, operation)
                .set(AUDIT_LOG.ACTION_KIND, kind)
                .set(AUDIT_LOG.TARGET, target)
                .set(AUDIT_LOG.PARAMETERS, JSONB.jsonb(parameters))
                .set(AUDIT_LOG.CHANGES, JSONB.jsonb(changes))
                .returning(AUDIT_LOG.ID)
                .fetchOne(AUDIT_LOG.ID);
    }

    /** The audit log's only entry; fails if there is none or more than one. */
    public static AuditLogRecord onlyAudit(DSLContext sql) {
        List<AuditLogRecord> entries = sql.selectFrom(AUDIT_LOG).fetch();
        assertEquals(1, entries.size(), () -> "audit entries: " + entries);
        return entries.get(0);
    }
}
