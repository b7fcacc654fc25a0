package ctl.user;

import ctl.core.Task;
import ctl.model.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

import static ctl.db.schema.Tables.USERS;

/**
 * Pleroma's six state tasks in one: activate, deactivate and toggle_activated; confirm,
 * unconfirm and toggle_confirmed. Setting a state is safe to re-run (a user already so is
 * left as is, with no audit entry); a toggle flips it. Each line of the command table makes
 * one with its {@link Change}.
 */
@Command
public final class UserState extends Task {
    /** The two states, with the words that name their values. */
    private enum State {
        ACTIVATED("activated", "deactivated"),
        CONFIRMED("confirmed", "unconfirmed");

        final String yes;
        final String no;

        State(String yes, String no) {
            this.yes = yes;
            this.no = no;
        }

        String word(boolean value) {
            return value ? yes : no;
        }

        /** What Pleroma says when the state changed. */
        String changed(UserFlag.Outcome outcome, boolean toggled) {
            if (this == CONFIRMED) {
                return UserFlag.confirmation(outcome);
            }
            return toggled ? "Activation status of " + outcome.nickname() + ": " + word(outcome.value())
                    : "Successfully " + word(outcome.value()) + " " + outcome.nickname();
        }
    }

    /** One task: a state, the value it sets (null: flip it), its help. */
    public enum Change {
        ACTIVATE(State.ACTIVATED, true, "Activate a user; an active user stays so.",
                "ctl user activate alice", "ctl user enable 42"),
        DEACTIVATE(State.ACTIVATED, false,
                "Deactivate a user (they can no longer log in); a deactivated user stays so.",
                "ctl user deactivate spammer", "ctl user disable spammer@example.com"),
        TOGGLE_ACTIVATED(State.ACTIVATED, null,
                "Flip a user between activated and deactivated (Pleroma's toggle; activate/deactivate are safe to re-run).",
                "ctl user toggle_activated alice"),
        CONFIRM(State.CONFIRMED, true, "Mark a user's email as confirmed; a confirmed user stays so.",
                "ctl user confirm alice"),
        UNCONFIRM(State.CONFIRMED, false,
                "Mark a user's email as unconfirmed, so they must confirm it; an unconfirmed user stays so.",
                "ctl user unconfirm alice"),
        TOGGLE_CONFIRMED(State.CONFIRMED, null,
                "Flip a user between confirmed and unconfirmed (Pleroma's toggle; confirm/unconfirm are safe to re-run).",
                "ctl user toggle_confirmed alice");

        final State state;
        final Boolean value;
        final Usage usage;

        Change(State state, Boolean value, String description, String... examples) {
            this.state = state;
            this.value = value;
            this.usage = new Usage(description, List.of(examples));
        }
    }

    private final Change change;

    @Parameters(paramLabel = "USER", description = "Nickname, email or id.") String ref;

    public UserState(Change change) {
        this.change = change;
    }

    @Override
    public Usage usage() {
        return change.usage;
    }

    @Override
    protected int run() {
        var flag = change.state == State.ACTIVATED ? USERS.ACTIVATED : USERS.CONFIRMED;
        UserFlag.Outcome outcome = change.value == null ? UserFlag.toggle(ctx, ref, flag)
                : UserFlag.set(ctx, ref, flag, change.value);
        ctx.out().status(outcome.changed() ? change.state.changed(outcome, change.value == null)
                : "User " + outcome.nickname() + " already " + change.state.word(outcome.value()));
        Users.print(ctx, outcome.user());
        return 0;
    }
}
