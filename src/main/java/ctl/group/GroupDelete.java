package ctl.group;

import ctl.base.CtlException;
import ctl.core.Audit;
import ctl.core.Group;
import ctl.core.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static ctl.db.schema.Tables.GROUPS;
import static ctl.db.schema.Tables.GROUP_MEMBERS;

@Command(description = "Delete a group and its memberships (the users stay).",
        footer = {"  ctl group delete old-team -y"})
public final class GroupDelete extends Task {
    @Parameters(paramLabel = "NAME", description = "The group's name.")
    String name;

    @Override
    protected int run() {
        var group = ctx.db().read(dsl -> Groups.find(dsl, name));
        ctx.confirm("Delete group " + group.getName() + "?");
        int members = ctx.db().transaction(dsl -> {
            // The group's row locked as it is now: another run may have deleted it since it was found.
            if (dsl.selectOne().from(GROUPS).where(GROUPS.ID.eq(group.getId())).forUpdate().fetchOne() == null) {
                throw CtlException.notFound("no group " + name);
            }
            int removed = dsl.deleteFrom(GROUP_MEMBERS).where(GROUP_MEMBERS.GROUP_ID.eq(group.getId())).execute();
            dsl.deleteFrom(GROUPS).where(GROUPS.ID.eq(group.getId())).execute();
            Audit.delete(group.getName()).param("name", group.getName())
                    .change("groups", 1).change("memberships", removed).write(dsl, ctx);
            return removed;
        });
        ctx.out().status("Group " + group.getName() + " deleted (" + members + " memberships removed)");
        return 0;
    }
}
