package ctl.bulk;

import ctl.Context;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;

import java.util.concurrent.atomic.AtomicLong;

import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;

/**
 * Deletes the rows of a table that match a condition in batches, each its own short
 * transaction (SPEC §5), so the live application never waits long on our locks and a rerun
 * after an interruption finishes the job. Under --dry-run it counts instead.
 */
public final class BatchDelete {
    public static final int DEFAULT_BATCH = 1000;

    private final Context ctx;
    private final String what;
    private final Table<?> table;
    private final Field<?>[] key;
    private final Condition condition;

    /** {@code what} names the rows for messages ("activities of alice"); {@code key} is the table's primary key. */
    public BatchDelete(Context ctx, String what, Table<?> table, Condition condition, Field<?>... key) {
        this.ctx = ctx;
        this.what = what;
        this.table = table;
        this.condition = condition;
        this.key = key;
    }

    /** Returns how many rows were (or, under --dry-run, would be) deleted. */
    public long run() {
        if (ctx.dryRun()) {
            return ctx.db().read(dsl -> (long) dsl.fetchCount(table, condition));
        }
        AtomicLong done = new AtomicLong();
        Thread hook = new Thread(() -> ctx.out().error("interrupted: deleted " + done.get() + " " + what
                + " so far; the batch in flight was rolled back; rerun to finish"));
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int deleted;
            do {
                deleted = ctx.db().transaction(dsl -> dsl.deleteFrom(table)
                        .where(row(key).in(select(key).from(table).where(condition).limit(DEFAULT_BATCH)))
                        .execute());
                done.addAndGet(deleted);
            } while (deleted == DEFAULT_BATCH);
        } finally {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        return done.get();
    }
}
