package ctl.user;

import ctl.core.Audit;
import ctl.core.Task;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.model.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUTHORIZATIONS;

@Command(description = "Sign a local user out of every app: delete their API tokens and app authorizations.",
        footer = {"  ctl user sign_out alice"})
public final class UserSignOut extends Task {
    @Parameters(paramLabel = "USER", description = "Nickname, email or id.") String ref;

    @Override
    protected int run() {
        String nickname = ctx.db().transaction(dsl -> {
            UsersRecord user = Users.requireLocal(Users.find(dsl, ref));
            int tokens = dsl.deleteFrom(API_TOKENS).where(API_TOKENS.USER_ID.eq(user.getId())).execute();
            int apps = dsl.deleteFrom(AUTHORIZATIONS).where(AUTHORIZATIONS.USER_ID.eq(user.getId())).execute();
            if (tokens + apps > 0) { // as the other state tasks: nothing changed, nothing to audit
                Audit.delete(user.getNickname())
                        .change("api_tokens", tokens).change("authorizations", apps)
                        .write(dsl, ctx);
            }
            return user.getNickname();
        });
        // Pleroma says this whether or not there was anything to revoke: the end state is what counts.
        ctx.out().status(nickname + " signed out from all apps.");
        return 0;
    }
}
