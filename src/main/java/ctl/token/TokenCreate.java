package ctl.token;

import ctl.base.CtlException;
import ctl.core.Audit;
import ctl.core.Task;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.model.UserInput;
import ctl.model.Users;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static ctl.db.schema.Tables.API_TOKENS;

@Command(description = "Create an API token for a user and print it: the only time it is ever shown.",
        footer = {"  TOKEN=$(ctl token create alice --label ci)",
                  "  ctl token create alice --label deploy --expires-in 30d --scopes read,write"})
public final class TokenCreate extends Task {
    @Parameters(paramLabel = "USER", description = "Nickname, email or id of an activated local user.") String ref;
    @Option(names = "--label", paramLabel = "L", description = "What the token is for.") String label;
    @Option(names = "--expires-in", paramLabel = "TIME",
            description = "Lifetime: seconds (3600) or 90s, 15m, 1h, 30d. Default: no expiry.") String expiresIn;
    @Option(names = "--scopes", paramLabel = "a,b", split = ",", description = "The token's scopes.") List<String> scopes = new ArrayList<>();

    @Override
    protected int run() {
        Duration lifetime = expiresIn == null ? null : ApiTokens.lifetime("--expires-in", expiresIn);
        String[] scopeArray = ApiTokens.scopes(scopes);
        UserInput.line("label", label, 100);
        var now = ApiTokens.now(ctx);
        record Created(UsersRecord user, ApiTokens.Issued token) {}
        Created created = ctx.db().transaction(dsl -> {
            UsersRecord user = Users.find(dsl, ref);
            if (!user.getLocal()) {
                throw CtlException.conflict(user.getNickname() + " is a remote user: tokens are for local users");
            }
            if (!user.getActivated() || !ApiTokens.lockHolder(dsl, user.getId())) {
                throw CtlException.conflict(user.getNickname() + " is deactivated: activate the user first");
            }
            ApiTokens.Issued token = ApiTokens.issue(dsl, now, user.getId(), label, scopeArray, lifetime, null, null);
            Audit.create(user.getNickname())
                    .param("id", token.id()).param("label", label).param("scopes", scopeArray)
                    .param("expires_at", token.expiresAt())
                    .change("api_tokens", 1)
                    .write(dsl, ctx);
            ctx.out().beforeCommit(() -> show(user, token, scopeArray));
            return new Created(user, token);
        });
        ctx.out().status("Token " + created.token().id() + " created for " + created.user().getNickname());
        return 0;
    }

    /** The token, shown once: alone for a table, with its record for the other formats. */
    private void show(UsersRecord user, ApiTokens.Issued token, String[] scopeArray) {
        Record r = DSL.using(SQLDialect.POSTGRES).newRecord(API_TOKENS.ID, ApiTokens.USER, API_TOKENS.LABEL,
                API_TOKENS.SCOPES, API_TOKENS.EXPIRES_AT, ApiTokens.ACCESS_TOKEN);
        r.set(API_TOKENS.ID, token.id());
        r.set(ApiTokens.USER, user.getNickname());
        r.set(API_TOKENS.LABEL, label);
        r.set(API_TOKENS.SCOPES, scopeArray);
        r.set(API_TOKENS.EXPIRES_AT, token.expiresAt());
        r.set(ApiTokens.ACCESS_TOKEN, token.accessToken());
        ctx.out().lineOrRecord(token.accessToken(), r);
    }
}
