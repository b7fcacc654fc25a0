package ctl.group;

import ctl.core.Audit;
import ctl.core.Task;
import ctl.model.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static ctl.db.schema.Tables.GROUP_MEMBERS;

@Command(description = "Remove a user from a group.",
        footer = {"  ctl group remove-user staff alice"})
public final class GroupRemoveUser extends Task {
    @Parameters(index = "0", paramLabel = "GROUP", description = "The group's name.")
    String groupName;

    @Parameters(index = "1", paramLabel = "USER", description = "Nickname, email or id.")
    String userRef;

    @Override
    protected int run() {
        String line = ctx.db().transaction(dsl -> {
            var group = Groups.find(dsl, groupName);
            var user = Users.find(dsl, userRef);
            int rows = dsl.deleteFrom(GROUP_MEMBERS)
                    .where(GROUP_MEMBERS.GROUP_ID.eq(group.getId()))
                    .and(GROUP_MEMBERS.USER_ID.eq(user.getId()))
                    .execute();
            if (rows == 1) {
                Audit.update(group.getName()).param("user", user.getNickname())
                        .change("memberships", -1).write(dsl, ctx);
            }
            return rows == 1
                    ? "Removed " + user.getNickname() + " from group " + group.getName()
                    : "User " + user.getNickname() + " is already not in group " + group.getName();
        });
        ctx.out().status(line); // after the commit: a retried transaction would print twice
        return 0;
    }
}
