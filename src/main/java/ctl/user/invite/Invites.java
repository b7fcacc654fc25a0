package ctl.user.invite;

import ctl.base.CtlException;
import ctl.core.Context;
import ctl.db.schema.tables.records.InvitesRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

import java.time.LocalDate;
import java.time.ZoneOffset;

import static ctl.db.schema.Tables.INVITES;

/** Registration invites (SPEC §3): what makes one usable, how one is named and shown. */
final class Invites {
    /** Null for an invite with no use limit (one_time and date_limited: Pleroma counts no uses for them). */
    static final Field<Integer> USES_LEFT = DSL.when(INVITES.MAX_USE.isNotNull(),
            DSL.greatest(INVITES.MAX_USE.minus(INVITES.USES), DSL.inline(0))).as("uses_left");

    static final Field<?>[] FIELDS = {INVITES.ID, INVITES.TOKEN, INVITES.TYPE, INVITES.USED, INVITES.EXPIRES_AT,
            INVITES.MAX_USE, INVITES.USES, USES_LEFT, INVITES.EMAIL, INVITES.CREATED_AT};

    private Invites() {}

    /** Today in UTC: an invite is valid through the last UTC day of its expires_at. */
    static LocalDate today(Context ctx) {
        return LocalDate.ofInstant(ctx.clock().instant(), ZoneOffset.UTC);
    }

    /** Not revoked or used, not used up, not expired. */
    static Condition usable(LocalDate today) {
        return INVITES.USED.isFalse()
                .and(INVITES.MAX_USE.isNull().or(INVITES.USES.lt(INVITES.MAX_USE)))
                .and(INVITES.EXPIRES_AT.isNull().or(INVITES.EXPIRES_AT.ge(today)));
    }

    static String link(Context ctx, String token) {
        return ctx.config().baseUrl().replaceAll("/+$", "") + "/registration/" + token;
    }

    /** The invite a TOKEN_OR_ID argument names (the token first, then the id), or null. */
    static InvitesRecord byTokenOrId(DSLContext dsl, String ref) {
        Condition byToken = INVITES.TOKEN.eq(ref);
        Condition byId = ref.matches("\\d{1,18}") ? INVITES.ID.eq(Long.parseLong(ref)) : DSL.falseCondition();
        return dsl.selectFrom(INVITES)
                .where(byToken.or(byId))
                .orderBy(DSL.when(byToken, DSL.inline(0)).else_(DSL.inline(1)))
                .limit(1)
                .forUpdate()
                .fetchOne();
    }

    /** The invites made for this address, case ignored. */
    static Condition forEmail(String email) {
        return DSL.lower(INVITES.EMAIL).eq(DSL.lower(DSL.val(email)));
    }

    static CtlException notFound(String ref) {
        return CtlException.notFound("no invite " + ref);
    }

    /** Pleroma's line of `invites`, with "none" where a value does not apply. */
    static String line(Record r) {
        return "ID: " + r.get(INVITES.ID)
                + " | Token: " + r.get(INVITES.TOKEN)
                + " | Token type: " + r.get(INVITES.TYPE)
                + " | Used: " + r.get(INVITES.USED)
                + " | Expires at: " + orNone(r.get(INVITES.EXPIRES_AT))
                + " | Max use: " + orNone(r.get(INVITES.MAX_USE))
                + " | Uses left: " + orNone(r.get(USES_LEFT))
                + " | Email: " + orNone(r.get(INVITES.EMAIL));
    }

    private static String orNone(Object value) {
        return value == null ? "none" : value.toString();
    }
}
