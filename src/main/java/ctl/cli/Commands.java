package ctl.cli;

import ctl.audit.AuditGet;
import ctl.audit.AuditList;
import ctl.completion.Completion;
import ctl.doctor.Doctor;
import ctl.group.GroupCreate;
import ctl.group.GroupDelete;
import ctl.group.GroupGet;
import ctl.group.GroupList;
import ctl.group.GroupMembership;
import ctl.migrate.Migrate;
import ctl.token.TokenCreate;
import ctl.token.TokenDelete;
import ctl.token.TokenList;
import ctl.token.TokenLogin;
import ctl.token.TokenPrune;
import ctl.token.TokenRefresh;
import ctl.token.TokenShow;
import ctl.user.UserApprove;
import ctl.user.UserConfirmAll;
import ctl.user.UserDeleteActivities;
import ctl.user.UserList;
import ctl.user.UserNew;
import ctl.user.UserPassword;
import ctl.user.UserReject;
import ctl.user.UserResetPassword;
import ctl.user.UserRm;
import ctl.user.UserSearch;
import ctl.user.UserSet;
import ctl.user.UserShow;
import ctl.user.UserSignOut;
import ctl.user.UserState;
import ctl.user.UserState.Change;
import ctl.user.UserTags;
import ctl.user.UserUnconfirmAll;
import ctl.user.UserUnsubscribe;
import ctl.user.UserUnsubscribeAllFromInstance;
import ctl.user.UserUpdate;
import ctl.user.invite.PruneInvites;
import ctl.user.invite.RevokeInvite;
import ctl.user.invite.UserInvite;
import ctl.user.invite.UserInvites;

import java.util.List;
import java.util.function.Supplier;

/**
 * The command table: every group and task of ctl, a line each, in the order help lists them.
 * Names and aliases live here; a task's description and examples live on its class. Each
 * class is named inside a lambda, so a run loads the class of the task it invokes and no other.
 */
final class Commands {
    /** A line of the table: a task, or a group of tasks. */
    sealed interface Line {
        String name();

        List<String> aliases();

        default boolean answersTo(String word) {
            return name().equals(word) || aliases().contains(word);
        }
    }

    /** A task: its name, the names it also answers to, and how to make one. */
    record Task(String name, List<String> aliases, Supplier<Object> make) implements Line {}

    /** A group such as {@code user}: its tasks, and what its help says of it. */
    record Group(String name, List<String> aliases, ctl.core.Task.Usage usage, List<Task> tasks) implements Line {}

    static final List<Line> TABLE = List.of(
            group("user", List.of("users"), "Manage users.",
                    List.of("ctl user new alice alice@example.com --admin", "ctl user list --json", "ctl user rm spammer -y"),
                    // lifecycle
                    task("new", () -> new UserNew(), "add", "create"),
                    task("list", () -> new UserList()),
                    task("show", () -> new UserShow(), "get"),
                    task("rm", () -> new UserRm(), "remove", "delete"),
                    task("search", () -> new UserSearch()),
                    task("update", () -> new UserUpdate()),
                    task("password", () -> new UserPassword()),
                    task("approve", () -> new UserApprove()),
                    task("reject", () -> new UserReject()),
                    // states and profile
                    task("activate", () -> new UserState(Change.ACTIVATE), "enable"),
                    task("deactivate", () -> new UserState(Change.DEACTIVATE), "disable"),
                    task("toggle_activated", () -> new UserState(Change.TOGGLE_ACTIVATED), "toggle-activated"),
                    task("confirm", () -> new UserState(Change.CONFIRM)),
                    task("unconfirm", () -> new UserState(Change.UNCONFIRM)),
                    task("toggle_confirmed", () -> new UserState(Change.TOGGLE_CONFIRMED), "toggle-confirmed"),
                    task("set", () -> new UserSet()),
                    task("tag", () -> new UserTags(true)),
                    task("untag", () -> new UserTags(false)),
                    task("sign_out", () -> new UserSignOut(), "sign-out"),
                    task("reset_password", () -> new UserResetPassword(), "reset-password"),
                    // invites
                    task("invite", () -> new UserInvite()),
                    task("invites", () -> new UserInvites()),
                    task("revoke_invite", () -> new RevokeInvite(), "revoke-invite"),
                    task("prune_invites", () -> new PruneInvites(), "prune-invites"),
                    // bulk
                    task("delete_activities", () -> new UserDeleteActivities(), "delete-activities"),
                    task("unsubscribe", () -> new UserUnsubscribe()),
                    task("unsubscribe_all_from_instance", () -> new UserUnsubscribeAllFromInstance(),
                            "unsubscribe-all-from-instance"),
                    task("confirm_all", () -> new UserConfirmAll(), "confirm-all"),
                    task("unconfirm_all", () -> new UserUnconfirmAll(), "unconfirm-all")),
            task("migrate", () -> new Migrate()),
            task("doctor", () -> new Doctor()),
            group("token", List.of("tokens"), "Manage users' API tokens.",
                    List.of("TOKEN=$(ctl token create alice --label ci --expires-in 30d)",
                            "printf '%%s\\n' \"$PASS\" | ctl token login alice --password-stdin --json",
                            "ctl token list alice",
                            "ctl token show --token-file ~/.config/app/token",
                            "ctl token prune        # from cron"),
                    task("create", () -> new TokenCreate(), "new"),
                    task("login", () -> new TokenLogin()),
                    task("refresh", () -> new TokenRefresh()),
                    task("list", () -> new TokenList(), "ls"),
                    task("show", () -> new TokenShow(), "whois", "profile"),
                    task("delete", () -> new TokenDelete(), "revoke", "rm"),
                    task("prune", () -> new TokenPrune())),
            group("group", List.of("groups"), "Manage groups of users.",
                    List.of("ctl group create staff --summary 'The team'", "ctl group add-user staff alice",
                            "ctl group get staff --json"),
                    task("list", () -> new GroupList()),
                    task("get", () -> new GroupGet(), "show"),
                    task("create", () -> new GroupCreate()),
                    task("delete", () -> new GroupDelete(), "rm", "remove"),
                    task("add-user", () -> new GroupMembership(true), "add_user"),
                    task("remove-user", () -> new GroupMembership(false), "remove_user")),
            group("audit", List.of(), "Read the audit log.",
                    List.of("ctl audit list --operation user.rm --after 2026-11-01", "ctl audit get 42 --json"),
                    task("list", () -> new AuditList()),
                    task("get", () -> new AuditGet(), "show")),
            task("completion", () -> new Completion()));

    /** Tasks that describe the whole table, so a run of theirs builds all of it. */
    static final List<String> WHOLE_TABLE = List.of("completion");

    private Commands() {}

    private static Task task(String name, Supplier<Object> make, String... aliases) {
        return new Task(name, List.of(aliases), make);
    }

    private static Group group(String name, List<String> aliases, String description, List<String> examples,
                               Task... tasks) {
        return new Group(name, aliases, new ctl.core.Task.Usage(description, examples), List.of(tasks));
    }
}
