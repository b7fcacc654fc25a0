package ctl.user;

import ctl.core.ShowTask;
import org.jooq.DSLContext;
import org.jooq.Record;
import ctl.model.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(description = "Show one user, every field.",
        footer = {"  ctl user show alice", "  ctl user show alice@example.com --json", "  ctl user show 42"})
public final class UserShow extends ShowTask {
    @Parameters(paramLabel = "USER", description = "Nickname, email or id.")
    String user;

    @Override
    protected Record find(DSLContext dsl) {
        return Users.find(dsl, user).into(Users.FIELDS);
    }
}
