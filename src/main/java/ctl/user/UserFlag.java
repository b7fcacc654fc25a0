package ctl.user;

import ctl.core.Audit;
import ctl.core.Context;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.model.Users;
import org.jooq.Record;
import org.jooq.TableField;
import org.jooq.impl.DSL;

import java.time.ZoneOffset;

import static ctl.db.schema.Tables.USERS;

/**
 * One of a user's boolean states (activated, confirmed, locked, admin, moderator), set
 * idempotently or toggled as Pleroma does, in one transaction with its audit entry.
 */
public final class UserFlag {
    /**
     * What a set or toggle did: {@code changed} is false when the state was already so;
     * {@code user} is the user's record as the task left it (inside its transaction, so a
     * dry run shows what the real run would have left).
     */
    public record Outcome(String nickname, boolean value, boolean changed, Record user) {}

    private UserFlag() {}

    /** Sets the state; an already-set state changes nothing and writes no audit entry. */
    public static Outcome set(Context ctx, String ref, TableField<UsersRecord, Boolean> flag, boolean value) {
        return ctx.db().transaction(dsl -> {
            UsersRecord user = Users.find(dsl, ref);
            if (user.get(flag) == value) {
                return new Outcome(user.getNickname(), value, false, user.into(Users.FIELDS));
            }
            dsl.update(USERS)
                    .set(flag, value)
                    .set(USERS.UPDATED_AT, ctx.clock().instant().atOffset(ZoneOffset.UTC))
                    .where(USERS.ID.eq(user.getId()))
                    .execute();
            Audit.update(user.getNickname())
                    .param(flag.getName(), value)
                    .change("users", 1)
                    .write(dsl, ctx);
            return new Outcome(user.getNickname(), value, true, Users.reread(dsl, user.getId()));
        });
    }

    /** Flips the state, as Pleroma's toggle_* tasks do. */
    public static Outcome toggle(Context ctx, String ref, TableField<UsersRecord, Boolean> flag) {
        return ctx.db().transaction(dsl -> {
            UsersRecord user = Users.find(dsl, ref);
            boolean value = dsl.update(USERS)
                    .set(flag, DSL.not(DSL.condition(flag)))
                    .set(USERS.UPDATED_AT, ctx.clock().instant().atOffset(ZoneOffset.UTC))
                    .where(USERS.ID.eq(user.getId()))
                    .returningResult(flag)
                    .fetchOne(0, Boolean.class);
            Audit.update(user.getNickname())
                    .param(flag.getName(), value)
                    .change("users", 1)
                    .write(dsl, ctx);
            return new Outcome(user.getNickname(), value, true, Users.reread(dsl, user.getId()));
        });
    }

    /** Pleroma's wording for a confirmation state: {@code alice needs confirmation.} */
    public static String confirmation(Outcome outcome) {
        return outcome.nickname() + (outcome.value() ? " doesn't need" : " needs") + " confirmation.";
    }
}
