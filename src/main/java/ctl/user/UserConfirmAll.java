package ctl.user;

import ctl.bulk.BulkRun;
import ctl.core.Audit;
import ctl.core.Context;
import ctl.core.Task;
import org.jooq.Condition;
import picocli.CommandLine.Command;

import java.time.ZoneOffset;
import java.util.Map;

import static ctl.db.schema.Tables.USERS;

@Command(description = "Mark every local, active user confirmed, except admins and moderators.",
        footer = {"  ctl user confirm_all", "  ctl user confirm_all -y --dry-run"})
public final class UserConfirmAll extends Task {
    @Override
    protected int run() {
        return setAll(ctx, true);
    }

    /**
     * Pleroma's confirm_all and unconfirm_all: every local, live, activated user that is
     * neither admin nor moderator, in batches. Only the rows not already so are touched, so
     * the batches end and a rerun resumes.
     */
    static int setAll(Context ctx, boolean confirmed) {
        Condition targets = USERS.LOCAL.isTrue()
                .and(USERS.DELETED_AT.isNull())
                .and(USERS.ACTIVATED.isTrue())
                .and(USERS.ADMIN.isFalse())
                .and(USERS.MODERATOR.isFalse())
                .and(USERS.CONFIRMED.ne(confirmed));
        String verb = confirmed ? "Confirmed" : "Unconfirmed";
        long pending = ctx.db().read(dsl -> (long) dsl.fetchCount(USERS, targets));
        if (pending == 0) {
            ctx.out().status(verb + " 0 users");
            return 0;
        }
        ctx.confirm(confirmed
                ? "Mark " + pending + " local " + users(pending) + " confirmed?"
                : "Mark " + pending + " local " + users(pending) + " unconfirmed (they must confirm their email again)?");

        var now = ctx.clock().instant().atOffset(ZoneOffset.UTC);
        long changed;
        try (BulkRun run = BulkRun.start(ctx, Audit.update("all"))) {
            run.counting("users", (confirmed ? "unconfirmed" : "confirmed") + " users");
            changed = run.update("users", USERS, targets, Map.of(USERS.CONFIRMED, confirmed, USERS.UPDATED_AT, now), USERS.ID);
            run.finish();
        }
        ctx.out().status(verb + " " + changed + " " + users(changed));
        return 0;
    }

    private static String users(long n) {
        return n == 1 ? "user" : "users";
    }
}
