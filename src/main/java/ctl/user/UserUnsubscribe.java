package ctl.user;

import ctl.Context;
import ctl.Task;
import ctl.audit.Audit;
import ctl.bulk.Batches;
import ctl.db.schema.tables.records.UsersRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.ZoneOffset;
import java.util.function.BiConsumer;

import static ctl.db.schema.Tables.FOLLOWS;
import static ctl.db.schema.Tables.USERS;
import static org.jooq.impl.DSL.select;

@Command(name = "unsubscribe",
        description = "Remove every local user's follow of USER, then deactivate USER (usually a remote account).",
        footerHeading = "%nExamples:%n",
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
        unsubscribe(ctx, user, (dsl, outcome) -> {
            if (outcome.changed()) {
                Audit.update("user.unsubscribe", user.getNickname())
                        .param("user_id", user.getId())
                        .change("follows", outcome.follows())
                        .change("users_deactivated", outcome.deactivated() ? 1 : 0)
                        .write(dsl, ctx);
            }
        });
        return 0;
    }

    /**
     * Pleroma's unsubscribe: the follows of {@code user} by local users go in batches, one
     * line per follower; then the user is deactivated in one transaction with {@code audit}.
     */
    static Outcome unsubscribe(Context ctx, UsersRecord user, BiConsumer<DSLContext, Outcome> audit) {
        String nickname = user.getNickname();
        Condition localFollows = FOLLOWS.FOLLOWED_ID.eq(user.getId())
                .and(FOLLOWS.FOLLOWER_ID.in(select(USERS.ID).from(USERS).where(USERS.LOCAL.isTrue())));
        Field<String> follower = select(USERS.NICKNAME).from(USERS)
                .where(USERS.ID.eq(FOLLOWS.FOLLOWER_ID)).asField("follower");
        long follows = Batches.deleteEach(ctx, "local follows of " + nickname, FOLLOWS, localFollows,
                new Field<?>[] {FOLLOWS.FOLLOWER_ID, FOLLOWS.FOLLOWED_ID}, new Field<?>[] {follower},
                row -> ctx.out().status("Unsubscribing " + row.get(follower) + " from " + nickname));

        Outcome outcome = ctx.db().transaction(dsl -> {
            int deactivated = dsl.update(USERS)
                    .set(USERS.ACTIVATED, false)
                    .set(USERS.UPDATED_AT, ctx.clock().instant().atOffset(ZoneOffset.UTC))
                    .where(USERS.ID.eq(user.getId()))
                    .and(USERS.ACTIVATED.isTrue())
                    .execute();
            Outcome done = new Outcome(follows, deactivated == 1);
            audit.accept(dsl, done);
            return done;
        });
        ctx.out().status(outcome.deactivated() ? "Deactivating " + nickname : "User " + nickname + " already deactivated");
        ctx.out().status("Successfully unsubscribed all local followers from " + nickname);
        return outcome;
    }
}
