package ctl.user;

import ctl.core.Task;
import ctl.model.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static ctl.db.schema.Tables.USERS;

@Command(description = "Flip a user between confirmed and unconfirmed (Pleroma's toggle; confirm/unconfirm are safe to re-run).",
        footer = {"  ctl user toggle_confirmed alice"})
public final class UserToggleConfirmed extends Task {
    @Parameters(paramLabel = "USER", description = "Nickname, email or id.") String ref;

    @Override
    protected int run() {
        UserFlag.Outcome outcome = UserFlag.toggle(ctx, ref, USERS.CONFIRMED);
        ctx.out().status(UserFlag.confirmation(outcome));
        Users.print(ctx, outcome.user());
        return 0;
    }
}
