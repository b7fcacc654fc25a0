package ctl.group;

import ctl.core.Group;
import picocli.CommandLine.Command;

/** {@code ctl group …}: Windmill's groups of users. */
@Command(name = "group", aliases = "groups",
        description = "Manage groups of users.",
        footerHeading = "%nExamples:%n",
        footer = {"  ctl group create staff --summary 'The team'", "  ctl group add-user staff alice", "  ctl group get staff --json"},
        subcommands = {
                GroupList.class,
                GroupGet.class,
                GroupCreate.class,
                GroupDelete.class,
                GroupAddUser.class,
                GroupRemoveUser.class,
        })
public final class GroupCommand extends Group {
}
