package ctl.user;

import ctl.core.Group;
import picocli.CommandLine.Command;

/** {@code ctl user …}: Pleroma's user tasks. Each line of the table is one task class. */
@Command(name = "user", aliases = "users",
        description = "Manage users.",
        footerHeading = "%nExamples:%n",
        footer = {"  ctl user new alice alice@example.com --admin", "  ctl user list --json", "  ctl user rm spammer -y"},
        subcommands = {
                // lifecycle
                UserNew.class,
                UserList.class,
                UserShow.class,
                UserRm.class,
                UserSearch.class,
                UserUpdate.class,
                UserPassword.class,
                UserApprove.class,
                UserReject.class,
                // states and profile
                UserActivate.class,
                UserDeactivate.class,
                UserToggleActivated.class,
                UserConfirm.class,
                UserUnconfirm.class,
                UserToggleConfirmed.class,
                UserSet.class,
                UserTag.class,
                UserUntag.class,
                UserSignOut.class,
                UserResetPassword.class,
                // invites
                ctl.user.invite.UserInvite.class,
                ctl.user.invite.UserInvites.class,
                ctl.user.invite.RevokeInvite.class,
                ctl.user.invite.PruneInvites.class,
                // bulk
                UserDeleteActivities.class,
                UserUnsubscribe.class,
                UserUnsubscribeAllFromInstance.class,
                UserConfirmAll.class,
                UserUnconfirmAll.class,
        })
public final class UserCommand extends Group {
}
