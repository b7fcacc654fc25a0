package ctl.user;

import ctl.core.Task;
import ctl.model.UserInput;
import ctl.model.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Set;

@Command(description = "Add tags to a user (lower-cased; a tag the user has stays once).",
        footer = {"  ctl user tag alice staff ops"})
public final class UserTag extends Task {
    @Parameters(index = "0", paramLabel = "USER", description = "Nickname, email or id.") String ref;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TAG", description = "Tags to add.") List<String> tags;

    @Override
    protected int run() {
        String[] adding = UserInput.tags(tags);
        Users.print(ctx, Tags.change(ctx, ref, adding, (Set<String> current) -> current.addAll(List.of(adding))));
        return 0;
    }
}
