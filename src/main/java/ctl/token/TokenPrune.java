package ctl.token;

import ctl.bulk.BulkRun;
import ctl.core.Audit;
import ctl.core.Task;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;

import java.time.OffsetDateTime;

import static ctl.db.schema.Tables.API_TOKENS;

@Command(description = "For cron: delete the tokens that can no longer be used (expired or revoked), in batches.",
        footer = {"  ctl token prune",
                  "  17 4 * * *  ctl -q token prune     # crontab: daily, quiet unless it fails"})
public final class TokenPrune extends Task {
    @Override
    protected int run() {
        var now = ApiTokens.now(ctx);
        // A revoked row of a login chain stays while its refresh token could still be
        // presented: that is what lets a second use of it revoke the whole chain.
        // The time as a literal: a bound value would be cast from text for every row tested.
        Field<OffsetDateTime> at = DSL.inline(now);
        Condition dead = API_TOKENS.REVOKED_AT.isNotNull().or(API_TOKENS.EXPIRES_AT.le(at));
        Condition refreshDead = API_TOKENS.REFRESH_EXPIRES_AT.isNull().or(API_TOKENS.REFRESH_EXPIRES_AT.le(at));
        long pruned;
        try (BulkRun run = BulkRun.start(ctx, Audit.delete(null))) {
            run.exclusive("token prune").counting("api_tokens", "tokens");
            pruned = run.deleteScanning("api_tokens", API_TOKENS, dead.and(refreshDead), API_TOKENS.ID);
            run.finish();
        }
        ctx.out().status("Pruned " + pruned + " expired or revoked tokens");
        return 0;
    }
}
