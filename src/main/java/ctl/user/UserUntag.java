package ctl.user;

import ctl.core.Task;
import ctl.model.UserInput;
import ctl.model.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Set;

@Command(description = "Remove tags from a user (a tag the user lacks is ignored).",
        footer = {"  ctl user untag alice ops"})
public final class UserUntag extends Task {
    @Parameters(index = "0", paramLabel = "USER", description = "Nickname, email or id.") String ref;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TAG", description = "Tags to remove.") List<String> tags;

    @Override
    protected int run() {
        String[] removing = UserInput.tags(tags);
        Users.print(ctx, Tags.change(ctx, ref, removing, (Set<String> current) -> current.removeAll(List.of(removing))));
        return 0;
    }
}
