package ctl.bulk;

import ctl.Context;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;

/**
 * Bulk work in batches (SPEC §5): each batch is its own short transaction, so the live
 * application never waits long on our locks, and a rerun after an interruption finishes
 * the job. A progress bar shows on a terminal; -v prints each batch's time; Ctrl-C rolls
 * back the batch in flight and says how far the run got. Under --dry-run nothing is
 * written: the rows the run would touch are counted instead.
 */
public final class Batches {
    public static final int SIZE = 1000;

    private Batches() {}

    /**
     * Deletes the rows of {@code table} matching {@code condition}, keyed by {@code key}
     * (the primary key). {@code what} names them for messages: "activities of alice".
     * Returns how many rows were (or would be) deleted.
     */
    public static long delete(Context ctx, String what, Table<?> table, Condition condition, Field<?>... key) {
        return run(ctx, what, table, condition, dsl -> dsl.deleteFrom(table)
                .where(row(key).in(select(key).from(table).where(condition).limit(SIZE)))
                .execute());
    }

    /**
     * Sets {@code values} on the rows matching {@code condition}. The condition must stop
     * matching a row once it is updated (confirm_all: "and not confirmed"), which is what
     * makes the loop end and a rerun resume.
     */
    public static long update(Context ctx, String what, Table<?> table, Condition condition,
                              Map<? extends Field<?>, ?> values, Field<?>... key) {
        return run(ctx, what, table, condition, dsl -> dsl.update(table)
                .set(values)
                .where(row(key).in(select(key).from(table).where(condition).limit(SIZE)))
                .execute());
    }

    private static long run(Context ctx, String what, Table<?> table, Condition condition, ToIntFunction<DSLContext> batch) {
        if (ctx.dryRun()) {
            return ctx.db().read(dsl -> (long) dsl.fetchCount(table, condition));
        }
        long total = ctx.env().terminal().interactive() ? ctx.db().read(dsl -> (long) dsl.fetchCount(table, condition)) : -1;
        AtomicLong done = new AtomicLong();
        Thread interrupted = new Thread(() -> ctx.out().error("interrupted after " + done.get() + " " + what
                + "; the batch in flight was rolled back: run the task again to finish"));
        Runtime.getRuntime().addShutdownHook(interrupted);
        try (Progress progress = Progress.start(ctx, what, total)) {
            int rows;
            int number = 0;
            do {
                long start = System.nanoTime();
                rows = ctx.db().transaction(batch::applyAsInt);
                done.addAndGet(rows);
                progress.advance(rows);
                if (ctx.options().verbose) {
                    ctx.out().notice("batch " + (++number) + ": " + rows + " " + what + " in "
                            + (System.nanoTime() - start) / 1_000_000 + " ms");
                }
            } while (rows == SIZE);
        } finally {
            Runtime.getRuntime().removeShutdownHook(interrupted);
        }
        return done.get();
    }
}
