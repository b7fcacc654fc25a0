package ctl.user;

import ctl.core.Task;
import ctl.model.UserInput;
import ctl.model.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Set;

/**
 * {@code user tag} and {@code user untag}: add tags to a user or remove them, under the row
 * lock, audited only when the set changed (a tag the user has is added once; one they lack is
 * ignored).
 */
@Command
public final class UserTags extends Task {
    private final boolean add;

    @Parameters(index = "0", paramLabel = "USER", description = "Nickname, email or id.") String ref;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TAG", description = "One or more tags.") List<String> tags;

    /** {@code add}: tag; else untag. */
    public UserTags(boolean add) {
        this.add = add;
    }

    @Override
    public Usage usage() {
        return add ? new Usage("Add tags to a user (lower-cased; a tag the user has stays once).",
                        List.of("ctl user tag alice staff ops"))
                : new Usage("Remove tags from a user (a tag the user lacks is ignored).",
                        List.of("ctl user untag alice ops"));
    }

    @Override
    protected int run() {
        List<String> given = List.of(add ? UserInput.tags(tags) : UserInput.tagsToRemove(tags));
        Users.print(ctx, Tags.change(ctx, ref, given.toArray(String[]::new),
                (Set<String> current) -> {
                    if (add) {
                        current.addAll(given);
                    } else {
                        current.removeAll(given);
                    }
                }));
        return 0;
    }
}
