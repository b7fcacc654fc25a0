package ctl.user;

import ctl.cli.Group;
import picocli.CommandLine.Command;

/** {@code ctl user …}: Pleroma's user tasks. */
@Command(name = "user", aliases = "users",
        description = "Manage users.",
        footerHeading = "%nExamples:%n",
        footer = {"  ctl user new alice alice@example.com --admin", "  ctl user list --json", "  ctl user rm spammer -y"},
        subcommands = {UserNew.class, UserList.class, UserShow.class, UserRm.class})
public final class UserCommand extends Group {
}
