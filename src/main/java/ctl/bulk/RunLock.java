package ctl.bulk;

import ctl.base.CtlException;
import ctl.base.Exit;
import ctl.core.Context;
import org.jooq.DSLContext;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import static ctl.db.schema.Tables.CTL_RUN_LOCKS;

/**
 * A cron task's lock for the length of its run (SPEC §5): a lease in {@code ctl_run_locks},
 * taken in a transaction of its own and renewed in every batch's transaction, so it holds
 * across the run's many transactions even through a transaction-pooling PgBouncer, where a
 * session's advisory lock would not. A run that dies leaves it for at most {@link #LEASE}.
 */
final class RunLock {
    /** How long a lease lasts unless renewed: the longest a dead run keeps others out. */
    static final String LEASE = "30 seconds";

    private final String name;
    private final String holder;

    private RunLock(String name, String holder) {
        this.name = name;
        this.holder = holder;
    }

    /** Exit 7 at once when another live run holds it. Under --dry-run it is only checked. */
    static RunLock acquire(Context ctx, String name) {
        // Unique among live runs by host and pid; the random part tells a reused pid's run apart.
        // Not a secret: ThreadLocalRandom, seeded from the clock, where SecureRandom's first use
        // loaded and set up the JCA providers (about 15 ms of every cron run, issue 12).
        String holder = ctx.actor().host() + ":" + ProcessHandle.current().pid() + ":"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        boolean taken = ctx.db().transaction(dsl -> dsl.insertInto(CTL_RUN_LOCKS)
                .set(CTL_RUN_LOCKS.NAME, name)
                .set(CTL_RUN_LOCKS.HOLDER, holder)
                .set(CTL_RUN_LOCKS.EXPIRES_AT, expiry())
                .onConflict(CTL_RUN_LOCKS.NAME)
                .doUpdate()
                .set(CTL_RUN_LOCKS.HOLDER, holder)
                .set(CTL_RUN_LOCKS.ACQUIRED_AT, DSL.currentOffsetDateTime())
                .set(CTL_RUN_LOCKS.EXPIRES_AT, expiry())
                .where(CTL_RUN_LOCKS.EXPIRES_AT.lt(DSL.currentOffsetDateTime()))
                .execute() == 1);
        if (!taken) {
            throw CtlException.busy("another " + name + " is running");
        }
        return new RunLock(name, holder);
    }

    /** Extends the lease, in the batch's transaction; exit 7 if another run took it over meanwhile. */
    void renew(DSLContext dsl) {
        renewed(dsl.fetch(renewal()).size());
    }

    /** {@link #renew} as a statement a batch's own statement carries (a CTE): a row if renewed. */
    ResultQuery<?> renewal() {
        return DSL.update(CTL_RUN_LOCKS)
                .set(CTL_RUN_LOCKS.EXPIRES_AT, expiry())
                .where(CTL_RUN_LOCKS.NAME.eq(name)).and(CTL_RUN_LOCKS.HOLDER.eq(holder))
                .returning(CTL_RUN_LOCKS.NAME);
    }

    /** After {@link #renewal}, given the rows it returned: exit 7 if another run took the lock over. */
    void renewed(int rows) {
        if (rows == 0) {
            throw CtlException.busy("the run lock of " + name + " lapsed and another run took it");
        }
    }

    /** Best effort: if the connection is gone, the lease lapses on its own. */
    void release(Context ctx) {
        try {
            ctx.db().transaction(dsl -> dsl.deleteFrom(CTL_RUN_LOCKS)
                    .where(CTL_RUN_LOCKS.NAME.eq(name)).and(CTL_RUN_LOCKS.HOLDER.eq(holder))
                    .execute());
        } catch (RuntimeException e) {
            // the lease lapses by itself within LEASE
        }
    }

    private static org.jooq.Field<java.time.OffsetDateTime> expiry() {
        return DSL.field("now() + {0}::interval", java.time.OffsetDateTime.class, DSL.inline(LEASE));
    }
}
