package ctl.group;

import ctl.core.Audit;
import ctl.core.Task;
import ctl.model.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.ZoneOffset;
import java.util.List;

import static ctl.db.schema.Tables.GROUP_MEMBERS;

/**
 * {@code group add-user} and {@code group remove-user}: one membership, added or removed in
 * one transaction with its audit entry. Either is safe to re-run: a membership already so
 * changes nothing and writes no entry.
 */
@Command
public final class GroupMembership extends Task {
    private final boolean add;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group's name.")
    String groupName;

    @Parameters(index = "1", paramLabel = "USER", description = "Nickname, email or id.")
    String userRef;

    /** {@code add}: add-user; else remove-user. */
    public GroupMembership(boolean add) {
        this.add = add;
    }

    @Override
    public Usage usage() {
        return add ? new Usage("Add a user to a group.", List.of("ctl group add-user staff alice"))
                : new Usage("Remove a user from a group.", List.of("ctl group remove-user staff alice"));
    }

    @Override
    protected int run() {
        String line = ctx.db().transaction(dsl -> {
            var group = Groups.find(dsl, groupName);
            var user = Users.find(dsl, userRef);
            boolean changed = (add
                    ? dsl.insertInto(GROUP_MEMBERS)
                            .set(GROUP_MEMBERS.GROUP_ID, group.getId())
                            .set(GROUP_MEMBERS.USER_ID, user.getId())
                            .set(GROUP_MEMBERS.CREATED_AT, ctx.clock().instant().atOffset(ZoneOffset.UTC))
                            .onConflictDoNothing()
                            .execute()
                    : dsl.deleteFrom(GROUP_MEMBERS)
                            .where(GROUP_MEMBERS.GROUP_ID.eq(group.getId()))
                            .and(GROUP_MEMBERS.USER_ID.eq(user.getId()))
                            .execute()) == 1;
            if (changed) {
                (add ? Audit.update(group.getName()) : Audit.delete(group.getName()))
                        .param("user", user.getNickname())
                        .change("memberships", 1)
                        .write(dsl, ctx);
            }
            String who = user.getNickname();
            String where = "group " + group.getName();
            return changed ? (add ? "Added " + who + " to " : "Removed " + who + " from ") + where
                    : "User " + who + (add ? " is already in " : " is already not in ") + where;
        });
        ctx.out().status(line); // after the commit: a retried transaction would print twice
        return 0;
    }
}
