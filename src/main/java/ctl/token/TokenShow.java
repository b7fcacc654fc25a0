package ctl.token;

import ctl.base.CtlException;
import ctl.core.ShowTask;
import org.jooq.DSLContext;
import ctl.model.Users;
import ctl.security.TokenOptions;
import ctl.security.Tokens;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.USERS;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.when;

@Command(description = "Show the API token given (access or refresh) and the user it belongs to.",
        footer = {"  ctl token show --token-file ~/.config/app/token",
                  "  printf '%%s\\n' \"$TOKEN\" | ctl token show --token-stdin --json | jq .state",
                  "  ctl token whois --token-stdin --format csv < token.txt"})
public final class TokenShow extends ShowTask {
    @Parameters(arity = "0..1", paramLabel = "TOKEN",
            description = "The token itself (visible in the process list: prefer --token-stdin).") String argument;
    @Mixin TokenOptions tokenInput;

    private byte[] hash;

    @Override
    protected void check() {
        hash = Tokens.sha256(tokenInput.require(ctx, argument));
    }

    @Override
    protected Record find(DSLContext dsl) {
        Record shown = dsl.select(fields(hash, ApiTokens.now(ctx)))
                .from(API_TOKENS)
                .join(USERS).on(USERS.ID.eq(API_TOKENS.USER_ID))
                .where(API_TOKENS.ACCESS_HASH.eq(hash).or(API_TOKENS.REFRESH_HASH.eq(hash)))
                .fetchOne();
        if (shown == null) {
            throw CtlException.notFound("no such token"); // never the token: it is a secret
        }
        return shown;
    }

    /**
     * The token's record, then its owner's as {@code user show} has it, each key prefixed
     * {@code user_}: one flat record, the same keys in every format, csv included.
     */
    private static List<Field<?>> fields(byte[] hash, OffsetDateTime now) {
        var chain = API_TOKENS.as("chain");
        Condition matchedAccess = API_TOKENS.ACCESS_HASH.eq(hash);
        Field<OffsetDateTime> endsAt = when(matchedAccess, API_TOKENS.EXPIRES_AT)
                .else_(API_TOKENS.REFRESH_EXPIRES_AT);
        List<Field<?>> fields = new ArrayList<>(List.of(
                API_TOKENS.ID,
                when(matchedAccess, inline("access")).else_(inline("refresh")).as("kind"),
                when(API_TOKENS.REVOKED_AT.isNotNull(), inline("revoked"))
                        .when(endsAt.le(now), inline("expired"))
                        .else_(inline("active")).as("state"),
                API_TOKENS.LABEL, API_TOKENS.SCOPES, API_TOKENS.CREATED_AT, API_TOKENS.EXPIRES_AT,
                API_TOKENS.REFRESH_EXPIRES_AT, API_TOKENS.LAST_USED_AT, API_TOKENS.REVOKED_AT,
                // a login's chain is revoked when none of its tokens is left unrevoked: a
                // refresh token used twice does that; a refresh revokes only the pair it
                // replaces. A token without a family (token create) is a chain of its own.
                DSL.field(DSL.notExists(DSL.selectOne().from(chain)
                        .where(chain.FAMILY_ID.eq(API_TOKENS.FAMILY_ID).or(chain.ID.eq(API_TOKENS.ID)))
                        .and(chain.REVOKED_AT.isNull()))).as("chain_revoked")));
        for (Field<?> f : Users.FIELDS) {
            fields.add(f.as("user_" + f.getName()));
        }
        return fields;
    }
}
