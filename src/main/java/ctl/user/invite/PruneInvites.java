package ctl.user.invite;

import ctl.base.CtlException;
import ctl.base.Format;
import ctl.bulk.BulkRun;
import ctl.core.Audit;
import ctl.core.Task;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.LocalDate;

import static ctl.db.schema.Tables.INVITES;

@Command(description = "Delete invites that are revoked or used, used up, or long expired (for cron).",
        footer = {"  ctl user prune_invites -q                 # in a daily cron job",
                  "  ctl user prune_invites --older-than 7 --dry-run"})
public final class PruneInvites extends Task {
    @Option(names = "--older-than", paramLabel = "DAYS", defaultValue = "30",
            description = "Delete expired invites whose last valid day is more than DAYS days ago (default: ${DEFAULT-VALUE}).")
    int olderThan;

    // PostgreSQL's dates end long before LocalDate's: no expiry is older than this.
    private static final LocalDate EARLIEST = LocalDate.of(1, 1, 1);

    @Override
    protected int run() {
        if (olderThan < 0) {
            throw CtlException.usage("--older-than must not be negative");
        }
        LocalDate cutoff = Invites.today(ctx).minusDays(olderThan);
        // The date as a literal: a bound value would be cast from text for every row tested.
        Condition prunable = INVITES.USED.isTrue()
                .or(INVITES.MAX_USE.isNotNull().and(INVITES.USES.ge(INVITES.MAX_USE)))
                .or(INVITES.EXPIRES_AT.lt(DSL.inline(cutoff.isBefore(EARLIEST) ? EARLIEST : cutoff)));
        long deleted;
        try (BulkRun run = BulkRun.start(ctx, Audit.delete("invites").param("older_than", olderThan))) {
            run.exclusive("prune_invites");
            deleted = run.deleteScanning("invites", INVITES, prunable, INVITES.ID);
            run.finish();
        }
        ctx.out().status("Deleted " + deleted + " invite" + (deleted == 1 ? "" : "s"));
        Field<Long> count = DSL.field(DSL.name("deleted"), SQLDataType.BIGINT);
        ctx.out().result(DSL.using(SQLDialect.POSTGRES).newRecord(count).values(deleted));
        return 0;
    }
}
