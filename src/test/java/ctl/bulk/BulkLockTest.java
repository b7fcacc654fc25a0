package ctl.bulk;

import ctl.testing.CtlTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §5 on a live database, proved from the server's side: {@code user delete_activities}
 * on 100,000 activities runs as many short transactions as batches, none holding its locks
 * for more than a sliver of the run, while the application keeps writing to the very rows
 * the task deletes last, under a 1 s lock_timeout, and never times out.
 *
 * <p>Were the work one big DELETE (tried by removing the batch's LIMIT), the trigger would
 * see one transaction of 100,000 rows, the probe a transaction of a third of the run or
 * more, and the writer a wait of nearly the whole DELETE.
 */
class BulkLockTest extends CtlTest {
    static final int ROWS = 100_000;
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
        alice = sql().fetchOne("insert into users (nickname, email) values ('alice', 'alice@example.com') returning id")
                .get(0, Long.class);
        bob = sql().fetchOne("insert into users (nickname, email) values ('bob', 'bob@example.com') returning id")
                .get(0, Long.class);
        sql().execute("insert into activities (user_id, kind, content) "
                + "select ?, 'post', 'post ' || n from generate_series(1, ?) n", alice, ROWS);
        sql().execute("insert into activities (user_id, kind, content) "
                + "select ?, 'post', 'bob ' || n from generate_series(1, ?) n", bob, BOB_POSTS);
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
        long start = System.nanoTime();
        var r = expect(0, ctl().env("CTL_BATCH_SIZE", "1000").run("user", "delete_activities", "alice", "-y"));
        Duration run = Duration.ofNanos(System.nanoTime() - start);
        running.set(false);
        probe.join();
        writer.join();

        // Every one of alice's rows is gone; bob's stay, his likes of hers pointing at nothing.
        assertEquals("User alice statuses deleted.\nDeleted " + ROWS + " activities\n", r.err());
        assertEquals(0, sql().fetchCount(sql().selectFrom("activities").where("user_id = ?", alice)));
        assertEquals(bobsRows, bobsRows());
        assertEquals(100, sql().fetchCount(sql().selectFrom("activities")
                .where("user_id = ? and kind = 'like' and object_id is null", bob)));

        // As many transactions as batches, none deleting more than a batch.
        var deletes = sql().fetch("select count(*), max(rows), sum(rows), "
                + "extract(epoch from max(ended) - min(started)) * 1000 from "
                + "(select xid, sum(rows) as rows, min(started) as started, max(ended) as ended "
                + "from probe_deletes where rows > 0 group by xid) t").get(0);
        long work = deletes.get(3, Double.class).longValue(); // first batch's start to last one's end
        String seen = "run " + run.toMillis() + " ms, deleting " + work + " ms; probe: " + probe.samples
                + " samples, " + probe.transactions.size() + " transactions seen, longest " + probe.longest
                + " ms; writer: " + writer.updated + " updates of rows still there (the last row "
                + writer.lastRowUpdates + "), " + writer.timeouts + " lock timeouts, slowest " + writer.slowest + " ms";
        System.out.println("[BulkLockTest] " + seen);
        assertEquals(ROWS / 1000, deletes.get(0, Long.class), "transactions that deleted rows; " + seen);
        assertEquals(1000, deletes.get(1, Long.class), "the most rows one transaction deleted; " + seen);
        assertEquals(ROWS, deletes.get(2, Long.class));

        // The server saw the task's transactions come and go, the longest a sliver of the run.
        assertTrue(probe.transactions.size() >= 20, seen);
        assertTrue(probe.longest * 10 < run.toMillis(), seen);

        // The application wrote to the rows the task deleted last, all along, never waiting for
        // more than a batch (a single DELETE made it wait for nearly all of its run).
        assertTrue(writer.error == null, () -> "writer failed: " + writer.error);
        assertEquals(0, writer.timeouts, seen);
        assertTrue(writer.lastRowUpdates >= 20, seen);
        assertTrue(writer.slowest * 4 < run.toMillis(), seen);
    }

    private String bobsRows() {
        return sql().fetch("select id || ':' || kind || ':' || coalesce(content, '') from activities "
                + "where user_id = ? order by id", bob).formatCSV();
    }

    /**
     * Polls pg_stat_activity every ~2 ms for the task's backend: the transactions it saw
     * (by start time) and the longest one, as the server measures it.
     */
    private final class Probe extends Thread {
        final AtomicBoolean running;
        final Set<Object> transactions = new HashSet<>();
        volatile long longest;
        volatile int samples;

        Probe(AtomicBoolean running) {
            this.running = running;
        }

        @Override
        public void run() {
            try (Connection c = db.connect();
                 PreparedStatement q = c.prepareStatement("select xact_start, "
                         + "extract(epoch from clock_timestamp() - xact_start) * 1000 from pg_stat_activity "
                         + "where application_name = ? and datname = current_database() and xact_start is not null")) {
                q.setString(1, APP_NAME);
                while (running.get()) {
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            samples++;
                            transactions.add(rs.getObject(1));
                            longest = Math.max(longest, (long) rs.getDouble(2));
                        }
                    }
                    Thread.sleep(2);
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The application: edits, one short transaction at a time, rows the task will delete,
     * with a 1 s lock_timeout. An edit of a row already deleted changes nothing.
     */
    private final class Writer extends Thread {
        final AtomicBoolean running;
        final List<Long> ids;
        volatile int updated;
        volatile int lastRowUpdates;
        volatile int timeouts;
        volatile long slowest;
        volatile Exception error;

        Writer(AtomicBoolean running, List<Long> ids) {
            this.running = running;
            this.ids = ids;
        }

        @Override
        public void run() {
            long last = ids.get(ids.size() - 1);
            try (Connection c = db.connect()) {
                c.createStatement().execute("set lock_timeout = '1s'");
                try (PreparedStatement edit = c.prepareStatement("update activities set content = content || '.' where id = ?")) {
                    for (int i = 0; running.get(); i++) {
                        long id = ids.get(i % ids.size());
                        edit.setLong(1, id);
                        long start = System.nanoTime();
                        try {
                            int rows = edit.executeUpdate();
                            updated += rows;
                            if (id == last) {
                                lastRowUpdates += rows;
                            }
                        } catch (SQLException e) {
                            if (!"55P03".equals(e.getSQLState())) {
                                throw e;
                            }
                            timeouts++;
                        }
                        slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
                        Thread.sleep(1);
                    }
                }
            } catch (Exception e) {
                error = e;
            }
        }
    }
}
