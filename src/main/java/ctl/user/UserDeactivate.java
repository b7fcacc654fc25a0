package ctl.user;

import ctl.core.Task;
import ctl.model.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static ctl.db.schema.Tables.USERS;

@Command(description = "Deactivate a user (they can no longer log in); a deactivated user stays so.",
        footer = {"  ctl user deactivate spammer", "  ctl user disable spammer@example.com"})
public final class UserDeactivate extends Task {
    @Parameters(paramLabel = "USER", description = "Nickname, email or id.") String ref;

    @Override
    protected int run() {
        UserFlag.Outcome outcome = UserFlag.set(ctx, ref, USERS.ACTIVATED, false);
        ctx.out().status(outcome.changed() ? "Successfully deactivated " + outcome.nickname()
                : "User " + outcome.nickname() + " already deactivated");
        Users.print(ctx, outcome.user());
        return 0;
    }
}
