package ctl.user;

import ctl.core.Task;
import ctl.model.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static ctl.db.schema.Tables.USERS;

@Command(description = "Mark a user's email as confirmed; a confirmed user stays so.",
        footer = {"  ctl user confirm alice"})
public final class UserConfirm extends Task {
    @Parameters(paramLabel = "USER", description = "Nickname, email or id.") String ref;

    @Override
    protected int run() {
        UserFlag.Outcome outcome = UserFlag.set(ctx, ref, USERS.CONFIRMED, true);
        ctx.out().status(outcome.changed() ? UserFlag.confirmation(outcome)
                : "User " + outcome.nickname() + " already confirmed");
        Users.print(ctx, outcome.user());
        return 0;
    }
}
