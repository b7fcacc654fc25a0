package ctl.token;

import ctl.base.CtlException;
import ctl.core.Audit;
import ctl.core.Task;
import ctl.security.TokenOptions;
import ctl.security.Tokens;
import org.jooq.Condition;
import org.jooq.Record2;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.USERS;

@Command(description = "Delete an API token, named by its id or by the token itself (access or refresh).",
        footer = {"  ctl token delete 42",
                  "  ctl token revoke --token-file leaked.txt",
                  "  printf '%%s\\n' \"$TOKEN\" | ctl token revoke --token-stdin"})
public final class TokenDelete extends Task {
    @Parameters(arity = "0..1", paramLabel = "ID_OR_TOKEN",
            description = "The token's id (from token list), or the token itself "
                    + "(visible in the process list: prefer --token-stdin).") String argument;
    @Mixin TokenOptions tokenInput;

    @Override
    protected int run() {
        String ref = tokenInput.require(ctx, argument);
        boolean byId = TokenOptions.isId(ref);
        Condition which;
        if (byId) {
            which = API_TOKENS.ID.eq(Long.parseLong(ref));
        } else {
            byte[] hash = Tokens.sha256(ref);
            which = API_TOKENS.ACCESS_HASH.eq(hash).or(API_TOKENS.REFRESH_HASH.eq(hash));
        }
        Record2<Long, String> deleted = ctx.db().transaction(dsl -> {
            Record2<Long, String> token = dsl.select(API_TOKENS.ID, USERS.NICKNAME)
                    .from(API_TOKENS)
                    .join(USERS).on(USERS.ID.eq(API_TOKENS.USER_ID))
                    .where(which)
                    .forUpdate().of(API_TOKENS)
                    .fetchOne();
            if (token == null) {
                // a token given as the argument is a secret: never echo it back
                throw CtlException.notFound(byId ? "no token " + ref : "no such token");
            }
            dsl.deleteFrom(API_TOKENS).where(API_TOKENS.ID.eq(token.value1())).execute();
            Audit.delete(token.value2())
                    .param("id", token.value1()).param("by", byId ? "id" : "token")
                    .change("api_tokens", 1)
                    .write(dsl, ctx);
            return token;
        });
        ctx.out().status("Token " + deleted.value1() + " of " + deleted.value2() + " deleted");
        return 0;
    }
}
