package ctl.token;

import ctl.base.CtlException;
import ctl.core.Audit;
import ctl.core.Task;
import ctl.db.schema.tables.records.ApiTokensRecord;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.security.TokenOptions;
import ctl.security.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.USERS;

@Command(description = "Trade a refresh token for a new access and refresh token; the old pair is revoked.",
        footer = {"  ctl token refresh --token-file ~/.refresh --json | jq -r .access_token",
                  "  printf '%%s\\n' \"$REFRESH\" | ctl token refresh --token-stdin --json"})
public final class TokenRefresh extends Task {
    @Parameters(arity = "0..1", paramLabel = "REFRESH_TOKEN",
            description = "The refresh token from token login or an earlier refresh "
                    + "(visible in the process list: prefer --token-stdin).") String argument;
    @Mixin TokenOptions tokenInput;
    @Option(names = "--expires-in", paramLabel = "TIME",
            description = "Lifetime of the new access token: seconds (3600) or 90s, 15m, 1h, 30d. Default: 1h.") String expiresIn;

    private record Outcome(String nickname, long replaced, ApiTokens.Issued issued, int revoked) {}

    @Override
    protected int run() {
        Duration access = expiresIn == null ? ApiTokens.ACCESS_LIFETIME : ApiTokens.lifetime("--expires-in", expiresIn);
        byte[] hash = Tokens.sha256(tokenInput.require(ctx, argument));
        var now = ApiTokens.now(ctx);
        // A spent token's revocation must stay even though the run fails: the transaction
        // returns it, commits, and only then does the run exit 5.
        Outcome outcome = ctx.db().transaction(dsl -> {
            ApiTokensRecord old = dsl.selectFrom(API_TOKENS).where(API_TOKENS.REFRESH_HASH.eq(hash)).forUpdate().fetchOne();
            if (old == null) {
                throw CtlException.invalid("unknown refresh token");
            }
            UsersRecord user = dsl.selectFrom(USERS).where(USERS.ID.eq(old.getUserId())).fetchOne();
            long family = old.getFamilyId() != null ? old.getFamilyId() : old.getId();
            if (old.getRevokedAt() != null) {
                int revoked = dsl.update(API_TOKENS)
                        .set(API_TOKENS.REVOKED_AT, now)
                        .where(API_TOKENS.FAMILY_ID.eq(family).or(API_TOKENS.ID.eq(family)))
                        .and(API_TOKENS.REVOKED_AT.isNull())
                        .execute();
                if (revoked > 0) { // a replay of a chain already revoked changes nothing: no entry
                    Audit.update(user.getNickname())
                            .param("id", old.getId()).param("family", family).param("reused", true)
                            .change("api_tokens_revoked", revoked)
                            .write(dsl, ctx);
                }
                return new Outcome(user.getNickname(), old.getId(), null, revoked);
            }
            if (!old.getRefreshExpiresAt().isAfter(now)) {
                throw CtlException.invalid("refresh token expired: log in again (token login)");
            }
            if (!ApiTokens.lockHolder(dsl, user.getId())) {
                throw CtlException.invalid("invalid credentials for " + user.getNickname());
            }
            ApiTokens.Issued issued = ApiTokens.issue(dsl, now, user.getId(), old.getLabel(), old.getScopes(),
                    access, ApiTokens.REFRESH_LIFETIME, family);
            dsl.update(API_TOKENS)
                    .set(API_TOKENS.REVOKED_AT, now)
                    .set(API_TOKENS.LAST_USED_AT, now)
                    .where(API_TOKENS.ID.eq(old.getId()))
                    .execute();
            Audit.update(user.getNickname())
                    .param("id", old.getId()).param("family", family).param("new_id", issued.id())
                    .param("expires_at", issued.expiresAt()).param("refresh_expires_at", issued.refreshExpiresAt())
                    .change("api_tokens", 1).change("api_tokens_revoked", 1)
                    .write(dsl, ctx);
            ctx.out().beforeCommit(() -> ctx.out().record(issued.pair()));
            return new Outcome(user.getNickname(), old.getId(), issued, 1);
        });
        if (outcome.issued() == null) {
            throw CtlException.invalid("refresh token already used: every token of that login was revoked"
                    + (ctx.dryRun() ? " (dry run)" : ""));
        }
        ctx.out().status("Token " + outcome.issued().id() + " issued for " + outcome.nickname()
                + ", token " + outcome.replaced() + " revoked");
        return 0;
    }
}
