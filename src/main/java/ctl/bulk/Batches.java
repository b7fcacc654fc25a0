package ctl.bulk;

import ctl.Context;
import ctl.CtlException;
import ctl.audit.Audit;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.jooq.impl.DSL.row;

/**
 * Bulk work in batches (SPEC §5): each batch is its own short transaction, so the live
 * application never waits long on our locks, and a rerun after an interruption finishes
 * the job. A progress bar shows on a terminal; -v prints each batch's time; Ctrl-C rolls
 * back the batch in flight and says how far the run got. Under --dry-run nothing is
 * written: the rows the run would touch are counted instead.
 *
 * <p>Each batch picks the next {@link #SIZE} keys after the last one it reached, in key
 * order (keyset paging: no batch rescans rows an earlier one handled, so a million rows cost
 * a thousand index range scans, not a thousand scans from the start), then acts on the rows
 * of those keys that still match. The loop ends when a pick finds nothing: a batch whose
 * rows the application deleted in between does not end the run early.
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
        return run(ctx, what, table, condition, key, true, "delete",
                (dsl, rows) -> dsl.deleteFrom(table).where(rows).execute(), () -> {});
    }

    /**
     * Like {@link #delete}, and hands each deleted row's {@code report} fields (expressions
     * over {@code table}, a scalar subquery included) to {@code each}, batch by batch once
     * the batch is committed, in key order. Under --dry-run, the rows that would go. The
     * lines it prints are the progress, so there is no progress bar.
     */
    public static long deleteEach(Context ctx, String what, Table<?> table, Condition condition, Field<?>[] key,
                                  Field<?>[] report, Consumer<Record> each) {
        Field<?>[] returned = concat(key, report);
        Comparator<Record> byKey = byKey(key);
        if (ctx.dryRun()) {
            return ctx.db().transaction(dsl -> {
                long n = 0;
                try (var rows = dsl.select(returned).from(table).where(condition).orderBy(key).fetchSize(SIZE).fetchLazy()) {
                    for (Record r : rows) {
                        each.accept(r);
                        n++;
                    }
                }
                return n;
            });
        }
        List<Record> gone = new ArrayList<>();
        return run(ctx, what, table, condition, key, false, "delete", (dsl, rows) -> {
            gone.clear(); // a retried batch starts again
            gone.addAll(dsl.deleteFrom(table).where(rows).returningResult(returned).fetch());
            return gone.size();
        }, () -> {
            gone.sort(byKey);
            gone.forEach(each);
        });
    }

    /**
     * Sets {@code values} on the rows matching {@code condition}. The condition must stop
     * matching a row once it is updated (confirm_all: "and not confirmed"), so that a rerun
     * after an interruption resumes where the last run stopped.
     */
    public static long update(Context ctx, String what, Table<?> table, Condition condition,
                              Map<? extends Field<?>, ?> values, Field<?>... key) {
        return run(ctx, what, table, condition, key, true, "update",
                (dsl, rows) -> dsl.update(table).set(values).where(rows).execute(), () -> {});
    }

    /** One batch's work on the rows that {@code rows} selects; returns how many it touched. */
    private interface Batch {
        int apply(DSLContext dsl, Condition rows);
    }

    private static long run(Context ctx, String what, Table<?> table, Condition condition, Field<?>[] key,
                            boolean bar, String kind, Batch batch, Runnable committed) {
        if (ctx.dryRun()) {
            return ctx.db().read(dsl -> (long) dsl.fetchCount(table, condition));
        }
        boolean showBar = bar && Progress.shown(ctx);
        long total = showBar ? ctx.db().read(dsl -> (long) dsl.fetchCount(table, condition)) : -1;
        AtomicLong done = new AtomicLong();
        Thread interrupted = new Thread(() -> ctx.out().error("interrupted after " + done.get() + " " + what
                + "; the batch in flight was rolled back: run the task again to finish"));
        Runtime.getRuntime().addShutdownHook(interrupted);
        try (Progress progress = showBar ? Progress.start(ctx, what, total) : Progress.NONE) {
            Object[][] after = {null}; // the last key picked: the next batch starts past it
            int number = 0;
            while (true) {
                long start = System.nanoTime();
                Condition next = after[0] == null ? condition : condition.and(row(key).gt(row(after[0])));
                int rows = ctx.db().transaction(dsl -> {
                    Result<Record> picked = dsl.select(key).from(table).where(next).orderBy(key).limit(SIZE).fetch();
                    if (picked.isEmpty()) {
                        return -1;
                    }
                    Object[] last = picked.get(picked.size() - 1).intoArray();
                    // The rows of the key range just picked, as a range rather than a list of
                    // keys, so that the plan walks the index over that range alone. The
                    // condition again: a row may have changed since it was picked.
                    Condition range = next.and(row(key).le(row(last)));
                    after[0] = last;
                    return batch.apply(dsl, range);
                });
                if (rows < 0) {
                    break;
                }
                committed.run();
                done.addAndGet(rows);
                progress.advance(rows);
                if (ctx.options().verbose) {
                    ctx.out().notice("batch " + (++number) + ": " + rows + " " + what + " in "
                            + (System.nanoTime() - start) / 1_000_000 + " ms");
                }
            }
        } catch (CtlException e) {
            // A lock timeout or a lost connection midway: the batches before it stay done.
            if (done.get() == 0) {
                throw e;
            }
            auditStopped(ctx, what, kind, done.get(), e);
            throw new CtlException(e.exitCode(), e.getMessage() + " (stopped after " + done.get() + " " + what
                    + "; run the task again to finish)", e);
        } finally {
            Runtime.getRuntime().removeShutdownHook(interrupted);
        }
        return done.get();
    }

    /**
     * The batches a failed run committed are changed data too: they get an audit entry of
     * their own, since the task's entry is written only when it finishes. Best effort: with
     * the connection lost there is nowhere to write it.
     */
    private static void auditStopped(Context ctx, String what, String kind, long done, CtlException e) {
        try {
            ctx.db().transaction(dsl -> {
                Audit.of(ctx.taskName().replaceFirst("^ctl ", "").replace(" ", "."), kind, what)
                        .param("stopped", true).param("exit", e.exitCode())
                        .change("rows", done)
                        .write(dsl, ctx);
                return null;
            });
        } catch (RuntimeException ignored) {
            // the error the operator sees is the one that stopped the run
        }
    }

    private static Field<?>[] concat(Field<?>[] a, Field<?>[] b) {
        Field<?>[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Record> byKey(Field<?>[] key) {
        return (x, y) -> {
            for (Field<?> k : key) {
                int c = ((Comparable) x.get(k)).compareTo(y.get(k));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }
}
