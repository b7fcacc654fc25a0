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

import java.time.ZoneOffset;
import java.util.Map;

import static ctl.db.schema.Tables.USERS;

@Command(description = "Approve pending registrations: one user, the N oldest, or all.",
        footer = {"  ctl user approve alice", "  ctl user approve --number 10", "  ctl user approve --all"})
public final class UserApprove extends Task {
    @Parameters(arity = "0..1", paramLabel = "USER", description = "Nickname, email or id.") String ref;
    @Option(names = "--all", description = "Approve every pending user.") boolean all;
    @Option(names = "--number", paramLabel = "N", description = "Approve the N oldest pending users.") Integer number;

    @Override
    protected int run() {
        int modes = (ref != null ? 1 : 0) + (all ? 1 : 0) + (number != null ? 1 : 0);
        if (modes != 1) {
            throw CtlException.usage("give one of USER, --all or --number N");
        }
        if (number != null && number < 1) {
            throw CtlException.usage("--number must be a positive number");
        }
        if (ref != null) {
            UserFlag.Outcome outcome = UserFlag.set(ctx, ref, USERS.APPROVED, true);
            ctx.out().status(outcome.changed() ? "User " + outcome.nickname() + " approved"
                    : "User " + outcome.nickname() + " already approved");
            Users.print(ctx, outcome.user());
            return 0;
        }
        var now = ctx.clock().instant().atOffset(ZoneOffset.UTC);
        Condition pending = USERS.APPROVED.isFalse().and(USERS.DELETED_AT.isNull());
        long approved;
        if (all) {
            try (BulkRun run = BulkRun.start(ctx, Audit.update("all").param("all", true))) {
                run.counting("users", "pending users");
                approved = run.update("users", USERS, pending, Map.of(USERS.APPROVED, true, USERS.UPDATED_AT, now), USERS.ID);
                run.finish();
            }
        } else {
            // The N oldest, as Mastodon does; N is small, so one transaction.
            approved = ctx.db().transaction(dsl -> {
                int rows = dsl.update(USERS)
                        .set(USERS.APPROVED, true)
                        .set(USERS.UPDATED_AT, now)
                        .where(USERS.ID.in(DSL.select(USERS.ID).from(USERS).where(pending)
                                .orderBy(USERS.CREATED_AT, USERS.ID).limit(number)))
                        .execute();
                Audit.update("oldest " + number).param("number", number).change("users", rows).write(dsl, ctx);
                return (long) rows;
            });
        }
        ctx.out().status("Approved " + approved + " user" + (approved == 1 ? "" : "s"));
        return 0;
    }
}
