package ctl.user;

import ctl.bulk.BulkRun;
import ctl.core.Audit;
import ctl.core.Task;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.model.Users;
import org.jooq.Condition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static ctl.db.schema.Tables.ACTIVITIES;

@Command(description = "Delete all of a user's posts, likes and boosts, in batches; the user stays.",
        footer = {"  ctl user delete_activities spammer@bad.example", "  ctl user delete_activities alice -y --dry-run"})
public final class UserDeleteActivities extends Task {
    @Parameters(paramLabel = "USER", description = "Nickname, email or id.")
    String ref;

    @Override
    protected int run() {
        UsersRecord user = ctx.db().read(dsl -> Users.find(dsl, ref));
        String nickname = user.getNickname();
        Condition theirs = ACTIVITIES.USER_ID.eq(user.getId());
        long left = ctx.db().read(dsl -> (long) dsl.fetchCount(ACTIVITIES, theirs));
        if (left == 0) {
            ctx.out().status("User " + nickname + " has no statuses left to delete (0 activities)");
            return 0;
        }
        ctx.confirm("Delete all " + left + " " + activities(left) + " of " + nickname + "?");

        long deleted;
        try (BulkRun run = BulkRun.start(ctx, Audit.delete(nickname).param("user_id", user.getId()))) {
            run.counting("activities", "activities of " + nickname);
            run.step(dsl -> Users.lock(dsl, user.getId()));
            // Likes and boosts of these by others stay, their object_id cleared by the foreign key.
            deleted = run.delete("activities", ACTIVITIES, theirs, ACTIVITIES.ID);
            run.finish();
        }
        ctx.out().status("User " + nickname + " statuses deleted.");
        ctx.out().status("Deleted " + deleted + " " + activities(deleted));
        return 0;
    }

    private static String activities(long n) {
        return n == 1 ? "activity" : "activities";
    }
}
