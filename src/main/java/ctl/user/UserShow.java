package ctl.user;

import ctl.core.Task;
import ctl.model.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(description = "Show one user, every field.",
        footer = {"  ctl user show alice", "  ctl user show alice@example.com --json", "  ctl user show 42"})
public final class UserShow extends Task {
    @Parameters(paramLabel = "USER", description = "Nickname, email or id.")
    String user;

    @Override
    public boolean writes() {
        return false;
    }

    @Override
    protected int run() {
        ctx.out().record(ctx.db().read(dsl -> Users.find(dsl, user).into(Users.FIELDS)));
        return 0;
    }
}
