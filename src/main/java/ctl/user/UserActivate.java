package ctl.user;

import ctl.core.Task;
import ctl.model.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static ctl.db.schema.Tables.USERS;

@Command(description = "Activate a user; an active user stays so.",
        footer = {"  ctl user activate alice", "  ctl user enable 42"})
public final class UserActivate extends Task {
    @Parameters(paramLabel = "USER", description = "Nickname, email or id.") String ref;

    @Override
    protected int run() {
        UserFlag.Outcome outcome = UserFlag.set(ctx, ref, USERS.ACTIVATED, true);
        ctx.out().status(outcome.changed() ? "Successfully activated " + outcome.nickname()
                : "User " + outcome.nickname() + " already activated");
        Users.print(ctx, outcome.user());
        return 0;
    }
}
