package ctl.group;

import ctl.core.Audit;
import ctl.core.Task;
import ctl.model.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.ZoneOffset;

import static ctl.db.schema.Tables.GROUP_MEMBERS;

@Command(description = "Add a user to a group.",
        footer = {"  ctl group add-user staff alice"})
public final class GroupAddUser extends Task {
    @Parameters(index = "0", paramLabel = "GROUP", description = "The group's name.")
    String groupName;

    @Parameters(index = "1", paramLabel = "USER", description = "Nickname, email or id.")
    String userRef;

    @Override
    protected int run() {
        String line = ctx.db().transaction(dsl -> {
            var group = Groups.find(dsl, groupName);
            var user = Users.find(dsl, userRef);
            int rows = dsl.insertInto(GROUP_MEMBERS)
                    .set(GROUP_MEMBERS.GROUP_ID, group.getId())
                    .set(GROUP_MEMBERS.USER_ID, user.getId())
                    .set(GROUP_MEMBERS.CREATED_AT, ctx.clock().instant().atOffset(ZoneOffset.UTC))
                    .onConflictDoNothing()
                    .execute();
            if (rows == 1) {
                Audit.update(group.getName()).param("user", user.getNickname())
                        .change("memberships", 1).write(dsl, ctx);
            }
            return rows == 1
                    ? "Added " + user.getNickname() + " to group " + group.getName()
                    : "User " + user.getNickname() + " is already in group " + group.getName();
        });
        ctx.out().status(line); // after the commit: a retried transaction would print twice
        return 0;
    }
}
