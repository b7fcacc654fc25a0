package ctl.user;

import ctl.core.Task;
import picocli.CommandLine.Command;

@Command(description = "Mark every local, active user unconfirmed, except admins and moderators.",
        footer = {"  ctl user unconfirm_all", "  ctl user unconfirm_all -y --dry-run"})
public final class UserUnconfirmAll extends Task {
    @Override
    protected int run() {
        return UserConfirmAll.setAll(ctx, false);
    }
}
