package ctl.user;

import ctl.core.Audit;
import ctl.core.Task;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.model.Users;
import org.jooq.Record;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "reset_password", aliases = "reset-password",
        description = "Create a password reset token for a local user and print its link (valid 24 hours, single use).",
        footerHeading = "%nExamples:%n",
        footer = {"  ctl user reset_password alice", "  LINK=$(ctl user reset_password alice -q)"})
public final class UserResetPassword extends Task {
    @Parameters(paramLabel = "USER", description = "Nickname, email or id.") String ref;

    @Override
    protected int run() {
        Record reset = ctx.db().transaction(dsl -> {
            UsersRecord user = Users.requireLocal(Users.find(dsl, ref));
            String link = PasswordReset.create(dsl, ctx, user.getId());
            Audit.create(user.getNickname()).change("password_reset_tokens", 1).write(dsl, ctx);
            Record shown = dsl.newRecord(DSL.field("nickname", String.class), DSL.field("password_reset_url", String.class))
                    .values(user.getNickname(), link);
            ctx.out().beforeCommit(() -> ctx.out().lineOrRecord(link, shown));
            return shown;
        });
        ctx.out().status("Generated password reset token for " + reset.get(0));
        return 0;
    }
}
