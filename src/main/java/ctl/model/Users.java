package ctl.model;

import ctl.core.ListTask;

import ctl.base.CtlException;
import ctl.base.Exit;
import ctl.base.Format;
import ctl.core.Context;
import ctl.db.schema.tables.records.UsersRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

import static ctl.db.schema.Tables.USERS;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.when;

/** Finding users the way every task's USER argument does, and the fields a user shows. */
public final class Users {
    /** SPEC §3's JSON fields, in order. Never the password hash. */
    public static final Field<?>[] FIELDS = {
            USERS.ID, USERS.NICKNAME, USERS.EMAIL, USERS.NAME, USERS.BIO, USERS.COMPANY, USERS.LOCAL,
            USERS.INSTANCE, USERS.ADMIN, USERS.MODERATOR, USERS.LOCKED, USERS.CONFIRMED, USERS.ACTIVATED,
            USERS.APPROVED, USERS.TAGS, USERS.METADATA, USERS.CREATED_AT, USERS.UPDATED_AT};

    /**
     * What `user list` and `user search` show as a table, made to fit 80 columns: the six flags
     * of a user as one cell naming those that are not as usual ({@code admin},
     * {@code deactivated,pending}: empty for an ordinary active local user), and the day of
     * creation. Every field, each as itself, is in --fields and the machine formats.
     */
    public static final Field<?>[] TABLE_FIELDS = {
            USERS.ID, USERS.NICKNAME, USERS.EMAIL,
            DSL.field("concat_ws(',', case when not {0} then 'remote' end, case when {1} then 'admin' end, "
                    + "case when {2} then 'moderator' end, case when {3} then 'locked' end, "
                    + "case when not {4} then 'deactivated' end, case when not {5} then 'unconfirmed' end, "
                    + "case when not {6} then 'pending' end)", String.class,
                    USERS.LOCAL, USERS.ADMIN, USERS.MODERATOR, USERS.LOCKED, USERS.ACTIVATED, USERS.CONFIRMED,
                    USERS.APPROVED).as("flags"),
            DSL.field("to_char({0} at time zone 'UTC', 'YYYY-MM-DD')", String.class, USERS.CREATED_AT).as("created")};

    /** What `user list` and `user search` have: every field; the table above, fitted to 80 columns. */
    public static final ListTask.Columns LIST = new ListTask.Columns(FIELDS, TABLE_FIELDS, true);

    private Users() {}

    /** The live user a USER argument names (nickname, then id, then email); exit 3 if none. */
    public static UsersRecord find(DSLContext dsl, String ref) {
        UsersRecord user = lookup(dsl, ref, USERS.DELETED_AT.isNull());
        if (user == null) {
            throw CtlException.notFound("no user " + ref);
        }
        return user;
    }

    /** Like {@link #find} but a deleted user's tombstone counts too. */
    public static UsersRecord findWithTombstones(DSLContext dsl, String ref) {
        UsersRecord user = lookup(dsl, ref, DSL.noCondition());
        if (user == null) {
            throw CtlException.notFound("no user " + ref);
        }
        return user;
    }

    /**
     * Like {@link #find}, and locks the row for the rest of the transaction, for tasks that
     * read a value and write it back changed (tags).
     */
    public static UsersRecord findForUpdate(DSLContext dsl, String ref) {
        UsersRecord user = find(dsl, ref);
        return dsl.selectFrom(USERS).where(USERS.ID.eq(user.getId())).forUpdate().fetchOne();
    }

    /**
     * Takes the user's row lock for the rest of the transaction (waiting at most lock_timeout:
     * exit 7), before a task changes anything of the user's; exit 3 if the user is gone.
     */
    public static UsersRecord lock(DSLContext dsl, long id) {
        UsersRecord user = dsl.selectFrom(USERS).where(USERS.ID.eq(id)).forUpdate().fetchOne();
        if (user == null) {
            throw CtlException.notFound("no user " + id);
        }
        return user;
    }

    /** Exit 4 for a remote user: what the task does (a password, a sign-in) belongs to its instance. */
    public static UsersRecord requireLocal(UsersRecord user) {
        if (!user.getLocal()) {
            throw CtlException.conflict(user.getNickname() + " is a remote user: its account lives on " + user.getInstance());
        }
        return user;
    }

    private static UsersRecord lookup(DSLContext dsl, String ref, Condition alive) {
        Condition byNickname = lower(USERS.NICKNAME).eq(lower(DSL.val(ref)));
        Condition byEmail = lower(USERS.EMAIL).eq(lower(DSL.val(ref)));
        Condition byId = ref.matches("\\d{1,18}") ? USERS.ID.eq(Long.parseLong(ref)) : DSL.falseCondition();
        return dsl.selectFrom(USERS)
                .where(byNickname.or(byId).or(byEmail))
                .and(alive)
                .orderBy(when(byNickname, inline(0)).when(byId, inline(1)).else_(inline(2)))
                .limit(1)
                .fetchOne();
    }

    /** The user's fields as they are now in this transaction. */
    public static Record reread(DSLContext dsl, long id) {
        return dsl.select(FIELDS).from(USERS).where(USERS.ID.eq(id)).fetchOne();
    }

    /**
     * What a task that changed a user prints on stdout: nothing for a table (its status
     * line says it), the user's record for json, jsonl and csv.
     */
    public static void print(Context ctx, Record user) {
        ctx.out().result(user.into(FIELDS));
    }

    /** True when some user, live or deleted, already has this nickname (case ignored). */
    public static boolean nicknameTaken(DSLContext dsl, String nickname) {
        return dsl.fetchExists(USERS, lower(USERS.NICKNAME).eq(lower(DSL.val(nickname))));
    }

    public static boolean emailTaken(DSLContext dsl, String email) {
        return dsl.fetchExists(USERS, lower(USERS.EMAIL).eq(lower(DSL.val(email))));
    }
}
