package ctl.user;

import ctl.bulk.BulkRun;
import ctl.core.Audit;
import ctl.core.Context;
import ctl.core.Task;
import ctl.db.schema.tables.records.UsersRecord;
import ctl.model.Users;
import org.jooq.Condition;
import org.jooq.Field;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.ZoneOffset;

import static ctl.db.schema.Tables.FOLLOWS;
import static ctl.db.schema.Tables.USERS;

@Command(description = "Remove every local user's follow of USER, then deactivate USER (usually a remote account).",
        footer = {"  ctl user unsubscribe spammer@bad.example", "  ctl user unsubscribe spammer@bad.example --dry-run"})
public final class UserUnsubscribe extends Task {
    @Parameters(paramLabel = "USER", description = "Nickname, email or id.")
    String ref;

    /** What unsubscribing one user did: follows removed, and whether it was deactivated now. */
    record Outcome(long follows, boolean deactivated) {
        boolean changed() { return follows > 0 || deactivated; }
    }

    @Override
    protected int run() {
        UsersRecord user = ctx.db().read(dsl -> Users.find(dsl, ref));
        try (BulkRun run = BulkRun.start(ctx, Audit.update(user.getNickname()).param("user_id", user.getId()))) {
            unsubscribe(ctx, run, user);
            run.finish();
        }
        return 0;
    }

    /**
     * Pleroma's unsubscribe, as part of {@code run}: the user's row lock first (exit 7 if the
     * application holds it), then the follows of {@code user} by local users in batches, one
     * line per follower, then the user deactivated. Counted as "follows" and "users_deactivated".
     */
    static Outcome unsubscribe(Context ctx, BulkRun run, UsersRecord user) {
        String nickname = user.getNickname();
        // Each follower's users row joined in the batch's statement (for local, and the nickname
        // its line says), over the batch's range of follower ids alone: see BulkRun.Joined.
        Condition localFollows = FOLLOWS.FOLLOWED_ID.eq(user.getId())
                .and(USERS.ID.eq(FOLLOWS.FOLLOWER_ID)).and(USERS.LOCAL.isTrue());
        run.counting("follows", "local follows of " + nickname).counting("users_deactivated", "users deactivated");
        run.step(dsl -> Users.lock(dsl, user.getId()));
        long follows = run.deleteEach("follows", FOLLOWS, new BulkRun.Joined(USERS, USERS.ID),
                FOLLOWS.FOLLOWED_ID.eq(user.getId()), localFollows,
                new Field<?>[] {FOLLOWS.FOLLOWED_ID, FOLLOWS.FOLLOWER_ID}, new Field<?>[] {USERS.NICKNAME},
                row -> "Unsubscribing " + row.get(USERS.NICKNAME) + " from " + nickname);
        boolean deactivated = run.step(dsl -> {
            int n = dsl.update(USERS)
                    .set(USERS.ACTIVATED, false)
                    .set(USERS.UPDATED_AT, ctx.clock().instant().atOffset(ZoneOffset.UTC))
                    .where(USERS.ID.eq(user.getId()))
                    .and(USERS.ACTIVATED.isTrue())
                    .execute();
            run.count("users_deactivated", n);
            return n == 1;
        });
        ctx.out().status(deactivated ? "Deactivating " + nickname : "User " + nickname + " already deactivated");
        ctx.out().status("Successfully unsubscribed all local followers from " + nickname);
        return new Outcome(follows, deactivated);
    }
}
