package ctl.user;

import ctl.base.CtlException;
import ctl.bulk.BulkRun;
import ctl.core.Audit;
import ctl.core.Task;
import ctl.model.Users;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import static ctl.db.schema.Tables.USERS;

@Command(description = "Reject pending registrations (never approved): one user, the N oldest, or all. "
                + "The accounts go and their nicknames are free again.",
        footer = {"  ctl user reject spammer", "  ctl user reject --number 10", "  ctl user reject --all -y --dry-run"})
public final class UserReject extends Task {
    @Parameters(arity = "0..1", paramLabel = "USER", description = "Nickname, email or id of a pending user.") String ref;
    @Option(names = "--all", description = "Reject every pending registration.") boolean all;
    @Option(names = "--number", paramLabel = "N", description = "Reject the N oldest pending registrations.") Integer number;

    @Override
    protected int run() {
        if ((ref != null ? 1 : 0) + (all ? 1 : 0) + (number != null ? 1 : 0) != 1) {
            throw CtlException.usage("give one of USER, --all or --number N");
        }
        if (number != null && number < 1) {
            throw CtlException.usage("--number must be a positive number");
        }
        Condition pending = USERS.APPROVED.isFalse().and(USERS.DELETED_AT.isNull());
        if (ref != null) {
            return rejectOne(pending);
        }
        // The N oldest, as approve --number; N is small, so one transaction. --all goes in batches.
        Condition chosen = all ? pending : USERS.ID.in(DSL.select(USERS.ID).from(USERS).where(pending)
                .orderBy(USERS.CREATED_AT, USERS.ID).limit(number));
        long waiting = ctx.db().read(dsl -> (long) dsl.fetchCount(USERS, chosen));
        if (waiting == 0) {
            ctx.out().status("No pending registrations: nothing to reject");
            return 0;
        }
        ctx.confirm("Reject " + waiting + " pending " + users(waiting) + " and delete their accounts?");
        long rejected;
        try (BulkRun run = BulkRun.start(ctx, Audit.delete(all ? "all" : "oldest " + number)
                .param("all", all ? true : null).param("number", number))) {
            run.counting("users_rejected", "pending users");
            rejected = run.delete("users_rejected", USERS, all ? pending : chosen.and(pending), USERS.ID);
            run.finish();
        }
        ctx.out().status("Rejected " + rejected + " " + users(rejected));
        return 0;
    }

    private int rejectOne(Condition pending) {
        var user = ctx.db().read(dsl -> Users.find(dsl, ref));
        if (user.getApproved()) {
            throw CtlException.conflict(user.getNickname() + " is approved, not pending: use `ctl user rm`");
        }
        ctx.confirm("Reject " + user.getNickname() + "'s registration and delete the account?");
        ctx.db().transaction(dsl -> {
            Users.lock(dsl, user.getId());
            if (dsl.deleteFrom(USERS).where(USERS.ID.eq(user.getId())).and(pending).execute() == 0) {
                throw CtlException.conflict(user.getNickname() + " was approved meanwhile: nothing changed");
            }
            Audit.delete(user.getNickname()).param("user_id", user.getId()).change("users_rejected", 1).write(dsl, ctx);
            return null;
        });
        ctx.out().status("User " + user.getNickname() + " rejected; the nickname is free again");
        return 0;
    }

    private static String users(long n) {
        return n == 1 ? "registration" : "registrations";
    }
}
