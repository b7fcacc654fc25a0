package ctl.bulk;

import ctl.base.CtlException;
import ctl.core.Audit;
import ctl.core.Context;
import ctl.output.Output;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntSupplier;

import static org.jooq.impl.DSL.row;

/**
 * A bulk task's run (SPEC §5): its work in batches, each its own short transaction, so the
 * live application never waits long on our locks and a rerun finishes the job. In one place:
 * <ul>
 * <li>the audit entry, written with the run's first change and updated inside every later
 *     transaction, so that whatever stops the run (kill -9 included) its counts are the rows
 *     the database holds as changed, and its status says finished, stopped (why) or unfinished;
 * <li>honest stops: SIGINT or SIGTERM end the run after the batch in flight, a lock timeout or a
 *     lost connection midway too, each saying how many rows were done (exit 130/143, 7, 6);
 * <li>batches sized by time: each aims at {@link #TARGET_MS}, starting small and growing or
 *     shrinking from what the last one took, within {@link #MIN}–{@link #MAX} rows, and if the
 *     operator asks, a pause after each in proportion to its time ({@link #pause});
 * <li>progress on a terminal, one summary in cron (the task's own status line), and under
 *     --dry-run real counts with nothing written.
 * </ul>
 *
 * <p>Each batch picks the next keys after the last one it reached, in key order (keyset
 * paging: no batch rescans rows an earlier one handled), then acts on the rows of that key
 * range that still match. The loop ends when a pick finds fewer rows than it asked for (it took
 * all that were left) or none.
 */
public final class BulkRun implements AutoCloseable {
    static final int MIN = 100;
    static final int MAX = 250_000;
    /**
     * A batch whose rows are reported ({@link #deleteEach}, a {@link #walk}'s) holds their lines
     * until its commit: fewer. Issue 12, unsubscribe of 200,000 followers, held as
     * {@link Output.Lines}: 10,000 a batch took 1.32 s with a peak RSS of 101 MiB, 20,000 1.17 s
     * and 102.5 MiB, 30,000 1.10 s and 104.5 MiB, past 10 % over the 95 MiB of a run of 2,000.
     */
    static final int MAX_REPORTED = 20_000;
    static final int FIRST = 500;
    /** A {@link #walk}'s smallest batch: its rows may each stand for many (a user and their follows). */
    static final int MIN_WALK = 1;
    static final long TARGET_MS = 150;

    private final Context ctx;
    private final Audit entry;
    private final Stop stop;
    private final Integer fixedSize;
    private final long targetMs;
    private final int pausePercent;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, Long> pending = new LinkedHashMap<>();
    private RunLock lock;
    private Long entryId;
    private boolean finished;
    private int size;

    private BulkRun(Context ctx, Audit entry) {
        this.ctx = ctx;
        this.entry = entry;
        this.fixedSize = setting(ctx, "CTL_BATCH_SIZE", 1, 1_000_000);
        Integer target = setting(ctx, "CTL_BATCH_TARGET_MS", 10, 10_000);
        this.targetMs = target == null ? TARGET_MS : target;
        Integer pause = setting(ctx, "CTL_BATCH_PAUSE_PERCENT", 0, 10_000);
        this.pausePercent = pause == null ? 0 : pause;
        this.size = fixedSize == null ? FIRST : fixedSize;
        this.stop = ctx.dryRun() ? null : Stop.install(() -> ctx.db().cancel());
    }

    /** A run that audits as {@code entry} (kind, target, parameters); close it when done. */
    public static BulkRun start(Context ctx, Audit entry) {
        return new BulkRun(ctx, entry);
    }

    /** Holds the run lock {@code name} for the whole run: a second run exits 7 at once. */
    public BulkRun exclusive(String name) {
        lock = RunLock.acquire(ctx, name);
        return this;
    }

    /** Names what {@code key} counts, for the messages of a stopped run: "activities of alice". */
    public BulkRun counting(String key, String what) {
        labels.put(key, what);
        return this;
    }

    /**
     * The run's first transaction, which opens its audit entry whatever it changes: for work
     * that must be recorded before any batch (user rm deactivating the user it then empties).
     */
    public <T> T begin(Function<DSLContext, T> work) {
        return transaction(work, Audit.UNFINISHED, true);
    }

    /** One more transaction of the run; its {@link #count}s go to the audit entry with it. */
    public <T> T step(Function<DSLContext, T> work) {
        return transaction(work, Audit.UNFINISHED, false);
    }

    /** The run's last transaction: the entry says finished, with this transaction's counts. */
    public <T> T finish(Function<DSLContext, T> work) {
        T result = transaction(work, Audit.FINISHED, false);
        finished = true;
        return result;
    }

    /** Ends the run with nothing more to do: the entry, if the run changed anything, says finished. */
    public void finish() {
        finish(dsl -> null);
    }

    /** Inside {@link #begin}, {@link #step} or {@link #finish}: {@code n} more rows of {@code key} changed. */
    public void count(String key, long n) {
        pending.merge(key, n, Long::sum);
    }

    /** The rows of {@code key} changed so far (under --dry-run, that would be). */
    public long count(String key) {
        return counts.getOrDefault(key, 0L);
    }

    /**
     * Deletes the rows of {@code table} matching {@code condition}, keyed by {@code key} (the
     * primary key), counted as {@code count}. Returns how many were (or would be) deleted.
     */
    public long delete(String count, Table<?> table, Condition condition, Field<?>... key) {
        return changes(count, table, condition, condition, key, null, null, MAX, null,
                rows -> DSL.deleteFrom(table).where(rows));
    }

    /**
     * Like {@link #delete}, for a condition that no index answers (the prunes: expired,
     * revoked, used up): each batch's range is the next keys of the table, whatever their rows,
     * found from the primary key's index alone, so that a batch reads each of its rows once,
     * when it tests and deletes it. Batches are sized by time as ever, in keys walked.
     */
    public long deleteScanning(String count, Table<?> table, Condition condition, Field<?>... key) {
        return changes(count, table, DSL.noCondition(), condition, key, null, null, MAX, null,
                rows -> DSL.deleteFrom(table).where(rows));
    }

    /**
     * Like {@link #delete}, and says a status line for each deleted row ({@code line} makes it
     * from the row's key and {@code report} fields), batch by batch once the batch is committed,
     * in key order (under --dry-run, the rows that would go). Those lines are the progress, so
     * there is no progress bar. {@code line} is given one record, refilled for each row: it must
     * not keep it.
     */
    public long deleteEach(String count, Table<?> table, Condition condition, Field<?>[] key,
                           Field<?>[] report, Function<Record, String> line) {
        return deleteEach(count, table, condition, condition, key, report, line);
    }

    /**
     * Like {@link #deleteEach(String, Table, Condition, Field[], Field[], Function)}, picking
     * each batch's key range among the rows matching {@code walked}: a condition that every row
     * of {@code condition} meets and that an index answers alone (unsubscribe walks the follows
     * of one user, and deletes those by local users), so that picking a range costs no more
     * than reading that index.
     */
    public long deleteEach(String count, Table<?> table, Condition walked, Condition condition, Field<?>[] key,
                           Field<?>[] report, Function<Record, String> line) {
        return deleteEach(count, table, null, walked, condition, key, report, line);
    }

    /**
     * Another table that a {@link #deleteEach} reads each deleted row's match from, joined in its
     * statement ({@code DELETE … USING}) rather than looked up row by row: {@code key}, a unique
     * column of the joined {@code table}, equals the batch key's last column on every row the
     * condition matches. The walked condition must fix every column of the batch key but the last (unsubscribe:
     * the followed user), so that a batch's key range is a range of that last column, and of
     * {@code key} too: each batch reads only the joined rows of its range. Without that range the
     * planner hashes the batch's rows against the whole joined table, a full read of it per batch
     * (issue 12: unsubscribe's batches of 10,000 follows each read all 200,000 users, 105 to 150 ms
     * a batch where the ranged join takes 35 to 40).
     */
    public record Joined(Table<?> table, Field<?> key) {}

    /**
     * Like {@link #deleteEach(String, Table, Condition, Condition, Field[], Field[], Function)},
     * its statement joining {@code joined}: {@code condition} and {@code report} may name its
     * columns.
     */
    public long deleteEach(String count, Table<?> table, Joined joined, Condition walked, Condition condition,
                           Field<?>[] key, Field<?>[] report, Function<Record, String> line) {
        Field<?>[] returned = concat(key, report);
        List<String> lines = new ArrayList<>();
        if (ctx.dryRun()) {
            long n = ctx.db().read(dsl -> {
                long seen = 0;
                var from = joined == null ? dsl.select(returned).from(table) : dsl.select(returned).from(table, joined.table());
                try (var rows = from.where(condition).orderBy(key).fetchSize(1000).fetchLazy()) {
                    for (Record r : rows) {
                        lines.add(line.apply(r));
                        if (lines.size() == 1000) {
                            ctx.out().status(lines);
                            lines.clear();
                        }
                        seen++;
                    }
                }
                ctx.out().status(lines);
                return seen;
            });
            counts.merge(count, n, Long::sum);
            return n;
        }
        return changes(count, table, walked, condition, key, report, line, MAX_REPORTED, joined == null ? null : joined.key(),
                rows -> (joined == null ? DSL.deleteFrom(table) : DSL.deleteFrom(table).using(joined.table()))
                        .where(rows).returningResult(returned));
    }

    /**
     * Sets {@code values} on the rows matching {@code condition}. The condition must stop
     * matching a row once it is updated (confirm_all: "and not confirmed"), so that a rerun
     * resumes where the last run stopped.
     */
    public long update(String count, Table<?> table, Condition condition, Map<? extends Field<?>, ?> values,
                       Field<?>... key) {
        return changes(count, table, condition, condition, key, null, null, MAX, null,
                rows -> DSL.update(table).set(values).where(rows));
    }

    /**
     * The walk the others are made of, for work that is more than one statement on the rows
     * walked (unsubscribe_all_from_instance: a batch of users, their follows, their rows):
     * {@code work} acts on each key range of the rows of {@code table} matching {@code condition},
     * in the range's own transaction, counting with {@link #count}; {@code committed} runs after
     * each commit (its status lines) and returns how many lines the batch held until then.
     * Batches start at {@code first} rows and are sized by time from there, at most {@code cap},
     * and so that a batch holds about {@link #MAX_REPORTED} lines at most. Under --dry-run each
     * batch runs and is rolled back, so the counts and lines are real. Returns how many rows of
     * {@code table} were walked.
     */
    public long walk(Table<?> table, Condition condition, Field<?>[] key, int first, int cap,
                     Batch work, IntSupplier committed) {
        int before = size; // the unit is the walk's own: the next walk starts where it was
        if (fixedSize == null) {
            size = Math.max(MIN_WALK, Math.min(first, cap));
        }
        try {
            return walked(table, condition, key, MIN_WALK, cap, work, committed);
        } finally {
            size = before;
        }
    }

    /** One batch's work on the rows that {@code rows} selects; returns how many it touched. */
    public interface Batch {
        int apply(DSLContext dsl, Condition rows);
    }

    /**
     * The batches of {@link #delete}, {@link #update} and {@link #deleteEach}, each its own
     * transaction. Its first statement, sent in the same round trip as the session settings,
     * finds the end of the batch's key range among the rows matching {@code walked} past the last
     * one reached and renews the run lock's lease; then {@code change}, given the range, changes
     * the rows of that range matching {@code condition}, as a statement of its own; then the audit
     * entry is updated (once it is open).
     * <ul>
     * <li>Counted batches ({@code reported} null): the change is counted by its row count. A
     *     RETURNING would have the server fetch every deleted row a second time, about a third
     *     of a delete batch's time.
     * <li>Reported batches: the change returns the changed rows' key and {@code reported}
     *     fields, sorted by key and read through a cursor, each made into its status line by
     *     {@code line} as it comes; only the lines are kept, and said once committed.
     * </ul>
     */
    @SuppressWarnings("unchecked")
    private long changes(String count, Table<?> table, Condition walked, Condition condition, Field<?>[] key,
                         Field<?>[] reported, Function<Record, String> line, int cap, Field<?> joinedKey,
                         Function<Condition, ? extends Query> change) {
        if (ctx.dryRun()) {
            long n = ctx.db().read(dsl -> (long) dsl.fetchCount(table, condition));
            counts.merge(count, n, Long::sum);
            return n;
        }
        for (Field<?> k : key) {
            if (k.getType() != Long.class) {
                throw new IllegalArgumentException("a batch's key is bigint columns: " + k);
            }
        }
        Field<Object> joinedOn = (Field<Object>) joinedKey;
        boolean showBar = reported == null && Progress.shown(ctx);
        long total = showBar ? ctx.db().read(dsl -> (long) dsl.fetchCount(table, condition)) : -1;
        long done = 0;
        Output.Lines[] lines = {ctx.out().lines()}; // two, alternating: see Output.statusLater
        try (Progress progress = showBar ? Progress.start(ctx, label(count), total) : Progress.NONE) {
            Object[] after = null; // the last key of the last range: the next batch starts past it
            for (int number = 1; ; number++) {
                if (stop != null && stop.requested()) {
                    progress.close();
                    throw interrupted();
                }
                long start = System.nanoTime();
                int limit = fixedSize != null ? fixedSize : Math.min(size, cap);
                Condition past = after == null ? DSL.noCondition() : row(key).gt(row(after));
                // the same range of a joined table's key (see Joined)
                Condition joinedPast = joinedOn == null || after == null ? DSL.noCondition()
                        : joinedOn.gt(after[key.length - 1]);
                Object[][] end = {null};
                int rows = transaction(range(table, walked.and(past), key, limit), (dsl, result) -> {
                    Record first = result.get(0);
                    if (lock != null) {
                        lock.renewed(first.get(key.length, Integer.class));
                    }
                    end[0] = end(first, key.length);
                    Condition upTo = end[0] == null ? DSL.noCondition() : row(key).le(row(end[0]));
                    if (joinedOn != null && end[0] != null) {
                        upTo = upTo.and(joinedOn.le(end[0][key.length - 1]));
                    }
                    Query statement = change.apply(condition.and(past).and(joinedPast).and(upTo));
                    int n = reported == null ? dsl.execute(statement)
                            : reportedRows(dsl, statement, key, concat(key, reported), line, lines[0]);
                    count(count, n);
                    return n;
                }, Audit.UNFINISHED, false, true);
                // The batch's time is its transaction's (what the application may wait for), not its lines'.
                long ms = (System.nanoTime() - start) / 1_000_000;
                lines[0] = ctx.out().statusLater(lines[0]); // written while the next batch runs
                done += rows;
                progress.advance(rows);
                long pause = end[0] == null ? 0 : pause(ms);
                if (ctx.options().verbose) {
                    ctx.out().notice("batch " + number + ": " + rows + " " + label(count) + " in " + ms + " ms" + paused(pause));
                }
                if (end[0] == null) {
                    break; // fewer than the limit were left: this range reached the end
                }
                after = end[0];
                resize(limit, ms, MIN, cap);
                rest(pause);
            }
        }
        return done;
    }

    /**
     * A reported batch's change ({@code statement}, returning {@code returned}), its rows sorted
     * by key, each made into its line in {@code lines} (emptied first: a retried transaction
     * starts again). Returns how many rows it changed.
     *
     * <p>The rows are read by JDBC on the transaction's connection, each value converted to its
     * field's type into one record refilled for every row: through jOOQ's cursor, which makes a
     * record per row, an unsubscribe of 200,000 followers took 1416 ms where this took 1311
     * (issue 12, bulk.sh, medians of 3 in one run). A SQL error is jOOQ's as ever, so that it
     * ends the run the same way (a lock timeout exits 7).
     */
    @SuppressWarnings("unchecked")
    private static int reportedRows(DSLContext dsl, Query statement, Field<?>[] key, Field<?>[] returned,
                                    Function<Record, String> line, Output.Lines lines) {
        lines.clear();
        CommonTableExpression<Record> changed = DSL.name("changed").as((ResultQuery<Record>) statement);
        String sorted = dsl.renderInlined(DSL.with(changed).select(Arrays.stream(returned).map(changed::field).toList())
                .from(changed).orderBy(Arrays.stream(key).map(changed::field).toList()));
        Record row = dsl.newRecord(returned);
        return dsl.connectionResult(connection -> {
            try (Statement st = connection.createStatement()) {
                st.setFetchSize(1000);
                try (ResultSet rs = st.executeQuery(sorted)) {
                    while (rs.next()) {
                        for (int i = 0; i < returned.length; i++) {
                            Field<Object> field = (Field<Object>) returned[i];
                            row.set(field, field.getDataType().convert(rs.getObject(i + 1)));
                        }
                        lines.add(line.apply(row));
                    }
                }
            } catch (SQLException e) {
                throw new DataAccessException(e.getMessage(), e);
            }
            return lines.size();
        });
    }

    /** A batch's first row: the range's end, its first {@code keys} columns, or null when it reached the end of the rows. */
    private static Object[] end(Record first, int keys) {
        Object[] last = new Object[keys];
        for (int i = 0; i < keys; i++) {
            last[i] = first.get(i, Long.class);
        }
        return last[0] == null ? null : last;
    }

    /**
     * A batch's first statement: the end of its range, the {@code limit}-th key among the rows
     * matching {@code walked} (read from the index that answers it alone; null when fewer are
     * left: the last batch), and whether the run lock's lease was renewed (1, or 1 without a lock).
     */
    private ResultQuery<Record> range(Table<?> table, Condition walked, Field<?>[] key, int limit) {
        CommonTableExpression<Record> bound = DSL.name("bound")
                .as(DSL.select(key).from(table).where(walked).orderBy(key).offset(limit - 1).limit(1));
        List<CommonTableExpression<?>> with = new ArrayList<>(List.of(bound));
        List<Field<?>> head = new ArrayList<>();
        for (Field<?> k : key) {
            head.add(DSL.field(DSL.select(bound.field(k)).from(bound)));
        }
        Field<Integer> lease = DSL.inline(1);
        if (lock != null) {
            CommonTableExpression<?> renewed = DSL.name("renewed").as(lock.renewal());
            with.add(renewed);
            lease = DSL.field(DSL.selectCount().from(renewed));
        }
        head.add(lease.as("renewed"));
        return DSL.with(with).select(head);
    }

    /**
     * The batches of a {@link #walk}: each picks the next key range in its transaction's first
     * statement (sent with the session settings), then does {@code batch}'s work on it.
     */
    private long walked(Table<?> table, Condition condition, Field<?>[] key, int floor, int cap,
                        Batch batch, IntSupplier committed) {
        long done = 0;
        Object[] after = null; // the last key picked: the next batch starts past it
        for (int number = 1; ; number++) {
            if (stop != null && stop.requested()) {
                throw interrupted();
            }
            long start = System.nanoTime();
            Condition past = after == null ? DSL.noCondition() : row(key).gt(row(after));
            Condition next = condition.and(past);
            int limit = fixedSize != null ? fixedSize : Math.min(size, cap);
            // Only the last key of the pick and how many it picked come back: the batch needs
            // the range's end, not its keys.
            Table<?> picked = DSL.select(key).from(table).where(next).orderBy(key).limit(limit).asTable("picked");
            Field<?>[] keys = Arrays.stream(key).map(picked::field).toArray(Field<?>[]::new);
            Field<Integer> many = DSL.count().over().as("picked_rows");
            ResultQuery<Record> pick = DSL.select(keys).select(many).from(picked)
                    .orderBy(Arrays.stream(keys).map(Field::desc).toList())
                    .limit(1);
            Object[][] last = {null};
            boolean[] all = {false};
            int rows = transaction(pick, (dsl, result) -> {
                if (result.isEmpty()) {
                    return -1;
                }
                Record end = result.get(0);
                last[0] = new Object[key.length];
                for (int i = 0; i < key.length; i++) {
                    last[0][i] = end.get(i, key[i].getType());
                }
                // A short pick took every row left: this batch is the last.
                all[0] = end.get(key.length, Integer.class) < limit;
                // The rows of the key range just picked, as a range rather than a list of
                // keys, so that the plan walks the index over that range alone. The
                // condition again: a row may have changed since it was picked.
                return batch.apply(dsl, next.and(row(key).le(row(last[0]))));
            }, Audit.UNFINISHED, false, false);
            if (rows < 0) {
                break;
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            after = last[0];
            int held = committed.getAsInt();
            done += rows;
            long pause = all[0] ? 0 : pause(ms);
            if (ctx.options().verbose) {
                ctx.out().notice("batch " + number + ": " + rows + " rows in " + ms + " ms" + paused(pause));
            }
            if (all[0]) {
                break;
            }
            resize(limit, ms, floor, cap);
            if (fixedSize == null && held > 0) { // a row may stand for many lines: a user and their follows
                size = Math.max(floor, Math.min(size, (int) ((long) limit * MAX_REPORTED / held)));
            }
            rest(pause);
        }
        return done;
    }

    /**
     * How long to rest after a batch that took {@code ms}: {@code CTL_BATCH_PAUSE_PERCENT} of it
     * (0 by default). The application has the machine to itself meanwhile: on two cores any
     * bulk work raises its latency, by the CPU and above all the disk it takes (issue 12). At
     * 100, a delete of 1,000,000 activities took 2.1 times psql's DELETE instead of 1.1, and
     * the application's p99 in its three runs was 8.5 to 10.7 ms (without: 9.6, 11.4 and 69.3;
     * baseline 2): its worst runs go, not the cost of the batches themselves. Like
     * pt-archiver's --sleep-coef.
     */
    private long pause(long ms) {
        return stop == null ? 0 : ms * pausePercent / 100;
    }

    /** Rests {@code ms} between batches; a signal ends the rest at once (and then the run). */
    private void rest(long ms) {
        if (ms > 0) {
            stop.pause(ms);
        }
    }

    private static String paused(long pause) {
        return pause > 0 ? ", then a pause of " + pause + " ms" : "";
    }

    /**
     * The next batch's size from the time the last one took, aiming at the target: never more
     * than double or less than half at a step, within floor–cap. A fixed size overrides it.
     */
    private void resize(int last, long ms, int floor, int cap) {
        if (fixedSize != null) {
            return;
        }
        double factor = Math.max(0.5, Math.min(4.0, (double) targetMs / Math.max(ms, 1)));
        size = (int) Math.max(floor, Math.min(cap, last * factor));
    }

    /**
     * Runs one transaction of the run and keeps the audit entry in step with it: opened in
     * the first transaction that changes something (or by {@link #begin}), its counts and
     * status rewritten in every later one. Counts become the run's only once committed.
     */
    private <T> T transaction(Function<DSLContext, T> work, String status, boolean open) {
        return transaction(null, (dsl, first) -> work.apply(dsl), status, open, false);
    }

    /**
     * The same, with {@code first} as the transaction's first statement, sent with the session
     * settings; {@code leased}: that statement renewed the run lock's lease ({@link #changes}).
     */
    private <T> T transaction(ResultQuery<Record> first, BiFunction<DSLContext, Result<Record>, T> work,
                              String status, boolean open, boolean leased) {
        Long[] opened = {null};
        T result;
        BiFunction<DSLContext, Result<Record>, T> whole = (dsl, firstResult) -> {
            pending.clear(); // a retried transaction counts again
            opened[0] = null;
            T r = work.apply(dsl, firstResult);
            if (lock != null && !ctx.dryRun() && !leased) {
                lock.renew(dsl);
            }
            boolean changed = pending.values().stream().anyMatch(n -> n != 0);
            Map<String, Long> all = merged();
            if (entryId == null && (open || changed)) {
                opened[0] = entry.open(dsl, ctx, all);
                if (!status.equals(Audit.UNFINISHED)) {
                    Audit.progress(dsl, opened[0], all, status, null);
                }
            } else if (entryId != null && (changed || !status.equals(Audit.UNFINISHED))) {
                Audit.progress(dsl, entryId, all, status, null);
            }
            return r;
        };
        try {
            result = first == null
                    ? ctx.db().transaction(dsl -> whole.apply(dsl, null))
                    : ctx.db().transaction(first, whole);
        } catch (CtlException e) {
            throw stopped(e);
        }
        Map<String, Long> all = merged();
        counts.clear();
        counts.putAll(all);
        pending.clear();
        if (opened[0] != null && !ctx.dryRun()) {
            entryId = opened[0];
        }
        return result;
    }

    private Map<String, Long> merged() {
        Map<String, Long> all = new LinkedHashMap<>(counts);
        pending.forEach((key, n) -> all.merge(key, n, Long::sum));
        return all;
    }

    /** The run ends early: the entry says why (if the database still answers), the message how far. */
    private CtlException stopped(CtlException cause) {
        if (entryId == null && counts.values().stream().allMatch(n -> n == 0)) {
            return cause; // nothing was changed: the error alone says it all
        }
        markStopped(cause.getMessage());
        return new CtlException(cause.exitCode(), cause.getMessage() + " (stopped after " + done()
                + "; run the task again to finish)", cause);
    }

    private CtlException interrupted() {
        markStopped("interrupted by " + stop.name());
        return new CtlException(stop.exitCode(), "interrupted by " + stop.name() + " after " + done()
                + ", all committed; run the task again to finish");
    }

    private void markStopped(String reason) {
        if (entryId == null) {
            return;
        }
        try {
            ctx.db().transaction(dsl -> {
                Audit.progress(dsl, entryId, counts, Audit.STOPPED, reason);
                return null;
            });
        } catch (RuntimeException e) {
            // the connection is gone: the entry stays "unfinished", its counts still exact
        }
    }

    /** "2000 activities of alice and 0 follows of alice": the committed counts, as the database holds them. */
    private String done() {
        List<String> parts = new ArrayList<>();
        counts.forEach((key, n) -> parts.add(n + " " + label(key)));
        return parts.isEmpty() ? "0 rows" : String.join(" and ", parts);
    }

    private String label(String key) {
        return labels.getOrDefault(key, key.replace('_', ' '));
    }

    @Override
    public void close() {
        if (stop != null) {
            stop.close();
        }
        if (lock != null) {
            lock.release(ctx);
        }
    }

    private static Integer setting(Context ctx, String name, int min, int max) {
        String value = ctx.env().var(name);
        if (value == null) {
            return null;
        }
        if (!value.matches("\\d{1,9}") || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
            throw CtlException.usage(name + " must be a whole number from " + min + " to " + max);
        }
        return Integer.parseInt(value);
    }

    private static Field<?>[] concat(Field<?>[] a, Field<?>[] b) {
        Field<?>[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
