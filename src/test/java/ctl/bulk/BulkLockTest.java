package ctl.bulk;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §5 on a live database, proved from the server's side and never by a stopwatch:
 * {@code user delete_activities} on 100,000 activities runs as many short transactions as
 * batches, while the application keeps writing to the very rows the task deletes last, under
 * a 1 s lock_timeout, and never waits for more than a batch of the task's work.
 *
 * <p>Every bound is counted in the task's own work (rows, transactions), from server-side
 * records: a statement trigger logs each deleting statement's transaction, row count and end;
 * a probe logs the task's transactions from pg_stat_activity; the writer's statements say,
 * in the server's time, when each started and when it got its row. Whatever the machine's
 * speed, one big DELETE fails every one of them: one transaction of 100,000 rows, one
 * transaction seen by the probe, a writer that waited through all 100,000 rows' deletion and
 * never wrote to the last row again once the task had begun.
 */
class BulkLockTest extends CtlTest {
    static final int ROWS = 100_000;
    static final int BATCH = 1_000;
    static final int BATCHES = ROWS / BATCH;
    static final int BOB_POSTS = 1_000;
    static final String APP_NAME = "ctl user delete_activities";

    private long alice;
    private long bob;
    private List<Long> spread;

    /**
     * alice has 100,000 posts; bob has 1,000 and likes 100 of alice's. A statement trigger
     * (test-only) records, per deleting statement, its transaction, how many rows it deleted,
     * and when it started and ended.
     */
    @BeforeAll
    void world() {
        alice = Rows.user(sql(), "alice");
        bob = Rows.user(sql(), "bob");
        Rows.posts(sql(), alice, ROWS);
        Rows.posts(sql(), bob, BOB_POSTS);
        sql().execute("insert into activities (user_id, kind, object_id) "
                + "select ?, 'like', id from activities where user_id = ? and id % 1000 = 0", bob, alice);
        sql().execute("analyze activities");
        // The rows the writer keeps editing: ten spread over alice's posts, the last one included.
        spread = sql().fetch("select id from (select id, row_number() over (order by id) n from activities "
                + "where user_id = ?) t where n % 10000 = 0 order by id", alice).getValues(0, Long.class);
        sql().execute("""
                create table probe_deletes (xid xid8, rows bigint, started timestamptz, ended timestamptz);
                create function probe_deletes() returns trigger language plpgsql as $$
                begin
                  insert into probe_deletes
                    select pg_current_xact_id(), count(*), statement_timestamp(), clock_timestamp() from gone;
                  return null;
                end $$;
                create trigger probe_deletes after delete on activities
                  referencing old table as gone for each statement execute function probe_deletes();
                create table writer_edits (id bigint, rows int, started timestamptz, ended timestamptz);
                create table probe_seen (xid text);
                """);
    }

    @Test
    void deleteActivitiesOf100000RowsRunsInShortTransactionsThatNeverBlockTheApplication() throws Exception {
        String bobsRows = bobsRows();
        AtomicBoolean running = new AtomicBoolean(true);
        Probe probe = new Probe(running);
        Writer writer = new Writer(running, spread);
        probe.start();
        writer.start();
        var r = expect(0, ctl().env("CTL_BATCH_SIZE", Integer.toString(BATCH)).run("user", "delete_activities", "alice", "-y"));
        running.set(false);
        probe.join();
        writer.join();
        assertTrue(writer.error == null, () -> "writer failed: " + writer.error);
        assertTrue(probe.error == null, () -> "probe failed: " + probe.error);
        writer.save();
        probe.save();

        // Every one of alice's rows is gone; bob's stay, his likes of hers pointing at nothing.
        assertEquals("User alice statuses deleted.\nDeleted " + ROWS + " activities\n", r.err());
        assertEquals(0, sql().fetchCount(sql().selectFrom("activities").where("user_id = ?", alice)));
        assertEquals(bobsRows, bobsRows());
        assertEquals(100, sql().fetchCount(sql().selectFrom("activities")
                .where("user_id = ? and kind = 'like' and object_id is null", bob)));

        String seen = seen(writer, probe);
        System.out.println("[BulkLockTest] " + seen);

        // As many transactions as batches, none deleting more than a batch.
        var deletes = sql().fetch("select count(*), max(rows), sum(rows) from "
                + "(select xid, sum(rows) as rows from probe_deletes where rows > 0 group by xid) t").get(0);
        assertEquals(BATCHES, deletes.get(0, Long.class), "transactions that deleted rows; " + seen);
        assertEquals(BATCH, deletes.get(1, Long.class), "the most rows one transaction deleted; " + seen);
        assertEquals(ROWS, deletes.get(2, Long.class));

        // The server showed the task's transactions coming and going, one after another, and
        // none of those it showed held more than a batch's rows.
        assertTrue(probe.seen() >= BATCHES / 2, "transactions of ctl's that the probe saw; " + seen);
        assertTrue(sql().fetchOne("select coalesce(max(d.rows), 0) from probe_seen s join "
                        + "(select xid::xid::text as xid, sum(rows) as rows from probe_deletes group by xid) d "
                        + "on d.xid = s.xid").get(0, Long.class) <= BATCH, seen);

        // The application wrote to the rows the task deleted last while the task ran, never
        // timed out, and no statement of it waited through more than a batch of the task's
        // deletes (allowing for the next one, were it descheduled as it got its row).
        assertEquals(0, writer.timeouts, seen);
        assertTrue(lastRowEditsWhileTheTaskRan() >= 1, seen);
        assertTrue(mostRowsDeletedDuringOneEdit() <= 2L * BATCH, seen);
    }

    /** Edits of the last row that changed it after the task's first batch had deleted its rows. */
    private long lastRowEditsWhileTheTaskRan() {
        return sql().fetchOne("select count(*) from writer_edits where id = ? and rows = 1 "
                + "and started > (select min(ended) from probe_deletes where rows > 0)", spread.get(spread.size() - 1))
                .get(0, Long.class);
    }

    /** Of the writer's statements, the most rows the task deleted between one's start and its getting its row. */
    private long mostRowsDeletedDuringOneEdit() {
        return sql().fetchOne("select coalesce(max((select coalesce(sum(d.rows), 0) from probe_deletes d "
                + "where d.ended > w.started and d.ended < w.ended)), 0) from writer_edits w").get(0, Long.class);
    }

    private String seen(Writer writer, Probe probe) {
        return "probe: " + probe.samples + " samples, " + probe.seen() + " of ctl's transactions seen; writer: "
                + writer.edits.size() + " edits, " + writer.timeouts + " lock timeouts, " + lastRowEditsWhileTheTaskRan()
                + " edits of the last row while the task ran, at most " + mostRowsDeletedDuringOneEdit()
                + " rows deleted during one edit";
    }

    private String bobsRows() {
        return sql().fetch("select id || ':' || kind || ':' || coalesce(content, '') from activities "
                + "where user_id = ? order by id", bob).formatCSV();
    }

    /**
     * Polls pg_stat_activity for the task's backend as fast as it can: the transactions it saw
     * write (by their xid), to count them and to match them with the rows they deleted.
     */
    private final class Probe extends Thread {
        final AtomicBoolean running;
        final Set<String> xids = ConcurrentHashMap.newKeySet();
        volatile int samples;
        volatile Exception error;

        Probe(AtomicBoolean running) {
            this.running = running;
        }

        int seen() {
            return xids.size();
        }

        @Override
        public void run() {
            try (Connection c = db.connect();
                 PreparedStatement q = c.prepareStatement("select backend_xid::text from pg_stat_activity "
                         + "where application_name = ? and datname = current_database() and backend_xid is not null")) {
                q.setString(1, APP_NAME);
                while (running.get()) {
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            samples++;
                            xids.add(rs.getString(1));
                        }
                    }
                    Thread.sleep(1);
                }
            } catch (Exception e) {
                error = e;
            }
        }

        void save() {
            for (String xid : xids) {
                sql().execute("insert into probe_seen values (?)", xid);
            }
        }
    }

    /** One statement of the writer: the row, whether it changed it, and in the server's time when it started and got its row. */
    private record Edit(long id, int rows, OffsetDateTime started, OffsetDateTime ended) {}

    /**
     * The application: edits, one statement at a time, rows the task will delete, with a 1 s
     * lock_timeout. An edit of a row already deleted changes nothing. Each statement reads the
     * server's clock when it began and again once its update is done (after any lock wait).
     */
    private final class Writer extends Thread {
        final AtomicBoolean running;
        final List<Long> ids;
        final List<Edit> edits = Collections.synchronizedList(new ArrayList<>());
        volatile int timeouts;
        volatile Exception error;

        Writer(AtomicBoolean running, List<Long> ids) {
            this.running = running;
            this.ids = ids;
        }

        @Override
        public void run() {
            try (Connection c = db.connect()) {
                c.createStatement().execute("set lock_timeout = '1s'");
                try (PreparedStatement edit = c.prepareStatement("with u as (update activities set content = content || '.' "
                        + "where id = ? returning 1), n as (select count(*)::int as rows from u) "
                        + "select rows, statement_timestamp(), clock_timestamp() from n")) {
                    for (int i = 0; running.get(); i++) {
                        long id = ids.get(i % ids.size());
                        edit.setLong(1, id);
                        try (ResultSet rs = edit.executeQuery()) {
                            rs.next();
                            edits.add(new Edit(id, rs.getInt(1), rs.getObject(2, OffsetDateTime.class),
                                    rs.getObject(3, OffsetDateTime.class)));
                        } catch (SQLException e) {
                            if (!"55P03".equals(e.getSQLState())) {
                                throw e;
                            }
                            timeouts++;
                        }
                        Thread.sleep(1);
                    }
                }
            } catch (Exception e) {
                error = e;
            }
        }

        void save() {
            var insert = sql().insertInto(org.jooq.impl.DSL.table("writer_edits"),
                    org.jooq.impl.DSL.field("id"), org.jooq.impl.DSL.field("rows"),
                    org.jooq.impl.DSL.field("started"), org.jooq.impl.DSL.field("ended"));
            synchronized (edits) {
                for (Edit e : edits) {
                    insert = insert.values(e.id(), e.rows(), e.started(), e.ended());
                }
            }
            if (!edits.isEmpty()) {
                insert.execute();
            }
        }
    }
}
