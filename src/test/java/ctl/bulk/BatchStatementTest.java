package ctl.bulk;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.sql.Connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A counted delete or update batch is its own transaction: the statement that picks its range
 * (sent with the session settings) renews the run lock's lease, the change is a statement of
 * its own counted by its row count (no RETURNING: the server would fetch each deleted row
 * again), and the audit entry is updated after it in the same transaction (seen from the
 * server: the same transaction, a later statement). A run whose lease another took stops at its
 * next batch, its count exact; lock_timeout and statement_timeout still hold.
 */
class BatchStatementTest extends CtlTest {
    @Test
    void eachBatchAfterTheFirstChangesItsRowsAndItsAuditEntryInOneTransaction() {
        long alice = Rows.user(sql(), "alice");
        Rows.posts(sql(), alice, 5000);
        sql().execute("""
                create table probe_statements (what text, xid xid8, started timestamptz, rows bigint);
                create function probe_deletes() returns trigger language plpgsql as $$
                begin
                  insert into probe_statements select 'delete', pg_current_xact_id(), statement_timestamp(), count(*) from gone;
                  return null;
                end $$;
                create function probe_audit() returns trigger language plpgsql as $$
                begin
                  insert into probe_statements select 'audit', pg_current_xact_id(), statement_timestamp(), count(*) from changed;
                  return null;
                end $$;
                create trigger probe_deletes after delete on activities
                  referencing old table as gone for each statement execute function probe_deletes();
                create trigger probe_audit after update on audit_log
                  referencing new table as changed for each statement execute function probe_audit();
                """);
        try {
            expect(0, ctl().env("CTL_BATCH_SIZE", "1000").run("user", "delete_activities", "alice", "-y"));
            // five batches of 1000; the first opens the entry (an insert), each later one updates
            // it in its own transaction, after its delete
            assertEquals(5L, sql().fetchValue("select count(*) from probe_statements where what = 'delete' and rows = 1000"));
            assertEquals(4L, sql().fetchValue("select count(*) from probe_statements d where what = 'delete' and rows > 0 "
                    + "and exists (select from probe_statements a where a.what = 'audit' and a.rows = 1 "
                    + "and a.xid = d.xid and a.started > d.started)"));
            assertEquals("{\"activities\": 5000}",
                    sql().fetchValue("select changes::text from audit_log where operation = 'user.delete_activities'"));
        } finally {
            sql().execute("drop trigger probe_deletes on activities; drop trigger probe_audit on audit_log; "
                    + "drop function probe_deletes(); drop function probe_audit(); drop table probe_statements");
        }
    }

    @Test
    void aCronRunWhoseLockAnotherRunTookStopsAtItsNextBatchWithTheCountTheDatabaseHolds() {
        long carol = Rows.user(sql(), "carol");
        for (int i = 0; i < 30; i++) {
            Rows.apiToken(sql(), carol, "expired" + i, t -> t.setExpiresAt(Rows.LONG_AGO));
        }
        // Another run takes the lease over as the second batch updates the audit
        // entry (a trigger, in that batch's transaction): the third batch finds it gone.
        sql().execute("""
                create function steal_lease() returns trigger language plpgsql as $$
                begin
                  update ctl_run_locks set holder = 'another host:1:x' where name = 'token prune';
                  return null;
                end $$;
                create trigger steal_lease after update on audit_log for each statement execute function steal_lease();
                """);
        try {
            var r = expect(7, ctl().env("CTL_BATCH_SIZE", "10").run("token", "prune"));
            assertEquals("ctl: the run lock of token prune lapsed and another run took it "
                    + "(stopped after 20 tokens; run the task again to finish)\n", r.err());
        } finally {
            sql().execute("drop trigger steal_lease on audit_log; drop function steal_lease(); "
                    + "delete from ctl_run_locks where name = 'token prune'"); // the other run's lease, ended
        }
        assertEquals(10, sql().fetchCount(sql().selectFrom("api_tokens").where("user_id = ?", carol)));
        assertEquals("{\"api_tokens\": 20} stopped", sql().fetchValue(
                "select changes::text || ' ' || status from audit_log where operation = 'token.prune'"));
    }

    @Test
    void aPrunesBatchesReadEachRowOfTheTableOnceFindingTheirRangesInThePrimaryKeysIndexAlone() throws Exception {
        long dave = Rows.user(sql(), "dave");
        sql().execute("insert into api_tokens (user_id, access_hash, expires_at) "
                + "select ?, sha256(('p' || i)::bytea), case when i % 100 = 0 then now() + interval '1 day' "
                + "else now() - interval '1 day' end from generate_series(1, 5000) i", dave);
        sql().execute("vacuum analyze api_tokens"); // as a table the application has long written to
        long rows = sql().fetchCount(sql().selectFrom("api_tokens"));
        long before = heapFetchesOfApiTokens(-1);
        expect(0, ctl().env("CTL_BATCH_SIZE", "500").run("token", "prune"));
        assertEquals(50, sql().fetchCount(sql().selectFrom("api_tokens").where("user_id = ?", dave)));
        // rows fetched from the table through an index: each row once, as its batch tests it
        // (picking each range and then reading it again fetched every row twice)
        long fetched = heapFetchesOfApiTokens(before) - before;
        assertTrue(fetched >= rows && fetched <= rows + rows / 10, fetched + " fetches of " + rows + " rows");
    }

    /** pg_stat_user_tables' idx_tup_fetch of api_tokens, once it differs from {@code previous} (ctl's backend reports at exit). */
    private long heapFetchesOfApiTokens(long previous) throws InterruptedException {
        long fetched = -1;
        for (int i = 0; i < 100 && (fetched < 0 || fetched == previous); i++) {
            if (i > 0) {
                Thread.sleep(50);
            }
            sql().execute("select pg_stat_clear_snapshot()");
            fetched = sql().fetchOne("select coalesce(idx_tup_fetch, 0) from pg_stat_user_tables where relname = 'api_tokens'")
                    .get(0, Long.class);
            if (previous < 0) {
                break;
            }
        }
        return fetched;
    }

    @Test
    void aBatchWaitsOnTheApplicationsRowLockNoLongerThanLockTimeout() throws Exception {
        long bob = Rows.user(sql(), "bob");
        long first = Rows.posts(sql(), bob, 3000);
        String before = db.snapshot();
        try (Connection app = db.connect()) {
            app.setAutoCommit(false);
            DSL.using(app).execute("select 1 from activities where id = ? for update", first);
            var r = expect(7, ctl().env("CTL_LOCK_TIMEOUT", "300ms").env("CTL_BATCH_SIZE", "1000")
                    .run("user", "delete_activities", "bob", "-y"));
            assertEquals("ctl: timed out waiting for a lock held by the application; safe to retry\n", r.err());
            // the application still holds its lock and nobody waits for it: ctl's lock_timeout ended the wait
            assertEquals(0, sql().fetchCount(sql().selectFrom("pg_stat_activity")
                    .where("datname = current_database() and wait_event_type = 'Lock'")));
            var slow = expect(7, ctl().env("CTL_LOCK_TIMEOUT", "30s").env("CTL_STATEMENT_TIMEOUT", "300ms")
                    .env("CTL_BATCH_SIZE", "1000").run("user", "delete_activities", "bob", "-y"));
            assertEquals("ctl: the statement timed out; safe to retry\n", slow.err());
            app.rollback();
        }
        assertEquals(before, db.snapshot());
    }
}
