package ctl.user;

import ctl.core.Context;
import ctl.security.Tokens;
import org.jooq.DSLContext;

import java.time.Duration;
import java.time.ZoneOffset;

import static ctl.db.schema.Tables.PASSWORD_RESET_TOKENS;

/** Password reset tokens (SPEC §3): single use, valid 24 h, stored as SHA-256; the link is shown once. */
public final class PasswordReset {
    static final Duration VALIDITY = Duration.ofHours(24);

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
}
