package ctl.user;

import ctl.base.CtlException;
import ctl.core.Context;
import ctl.db.schema.tables.records.PasswordResetTokensRecord;
import ctl.security.Tokens;
import org.jooq.DSLContext;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static ctl.db.schema.Tables.PASSWORD_RESET_TOKENS;

/** Password reset tokens (SPEC §3): single use, valid 24 h, stored as SHA-256; the link is shown once. */
public final class PasswordReset {
    static final Duration VALIDITY = Duration.ofHours(24);

    /** One answer for an unknown, a used and an expired token, so that it does not tell which. */
    static final String INVALID = "invalid password reset token: unknown, already used or expired";

    private PasswordReset() {}

    /** Creates a token for the user and returns its link. */
    public static String create(DSLContext dsl, Context ctx, long userId) {
        String token = Tokens.generate();
        dsl.insertInto(PASSWORD_RESET_TOKENS)
                .set(PASSWORD_RESET_TOKENS.USER_ID, userId)
                .set(PASSWORD_RESET_TOKENS.TOKEN_HASH, Tokens.sha256(token))
                .set(PASSWORD_RESET_TOKENS.EXPIRES_AT, ctx.clock().instant().plus(VALIDITY).atOffset(ZoneOffset.UTC))
                .execute();
        return ctx.config().baseUrl().replaceAll("/+$", "") + "/password_reset/" + token;
    }

    /** A token spent: whose it was, and how many of that user's tokens it spent. */
    record Redeemed(long userId, int spent) {}

    /**
     * Spends a reset token, and the user's other unused ones with it (the password they would
     * reset is changing). Exit 5 with {@link #INVALID} for an unknown, used or expired token,
     * after the same one lookup; the row stays locked until the transaction ends, so two runs
     * with the same token cannot both succeed.
     */
    static Redeemed redeem(DSLContext dsl, String token, OffsetDateTime now) {
        PasswordResetTokensRecord reset = dsl.selectFrom(PASSWORD_RESET_TOKENS)
                .where(PASSWORD_RESET_TOKENS.TOKEN_HASH.eq(Tokens.sha256(token)))
                .forUpdate()
                .fetchOne();
        if (reset == null || reset.getUsedAt() != null || !reset.getExpiresAt().isAfter(now)) {
            throw CtlException.invalid(INVALID);
        }
        int spent = dsl.update(PASSWORD_RESET_TOKENS)
                .set(PASSWORD_RESET_TOKENS.USED_AT, now)
                .where(PASSWORD_RESET_TOKENS.USER_ID.eq(reset.getUserId()))
                .and(PASSWORD_RESET_TOKENS.USED_AT.isNull())
                .execute();
        return new Redeemed(reset.getUserId(), spent);
    }
}
