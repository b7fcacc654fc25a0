package ctl.user;

import ctl.core.Task;
import ctl.model.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static ctl.db.schema.Tables.USERS;

@Command(description = "Flip a user between activated and deactivated (Pleroma's toggle; activate/deactivate are safe to re-run).",
        footer = {"  ctl user toggle_activated alice"})
public final class UserToggleActivated extends Task {
    @Parameters(paramLabel = "USER", description = "Nickname, email or id.") String ref;

    @Override
    protected int run() {
        UserFlag.Outcome outcome = UserFlag.toggle(ctx, ref, USERS.ACTIVATED);
        ctx.out().status("Activation status of " + outcome.nickname() + ": "
                + (outcome.value() ? "activated" : "deactivated"));
        Users.print(ctx, outcome.user());
        return 0;
    }
}
