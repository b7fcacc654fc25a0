package ctl.deploy;

import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.EveryTask;
import ctl.testing.PgBouncer;
import ctl.testing.TestDatabase;
import ctl.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §5: every task works through PgBouncer in transaction pooling, configured as
 * operators commonly do for JDBC clients, with a pool of two server connections per database,
 * so that ctl's transactions run on server sessions that other clients used (and left their
 * session settings on) just before.
 */
class PgBouncerTest extends CtlTest {
    private PgBouncer bouncer;

    @BeforeAll
    void startPgBouncer() {
        bouncer = PgBouncer.start(TestServer.get(), 2);
    }

    @AfterAll
    void stopPgBouncer() {
        bouncer.close();
    }

    @Override
    protected CtlRun ctl() {
        return new CtlRun().env("DATABASE_URL", bouncer.url(db.name)).env("CTL_BASE_URL", "https://social.example");
    }

    @Test
    void everyTaskOfTheTableWorksThroughPgBouncerWhileAnotherClientSharesItsServerConnections() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger neighbourTransactions = new AtomicInteger();
        // Another client of the same pool: short transactions that leave session settings
        // behind on whichever server connection they get, as careless applications do.
        CompletableFuture<Void> neighbour = CompletableFuture.runAsync(() -> {
            try (Connection c = bouncerConnection(db.name); Statement s = c.createStatement()) {
                while (running.get()) {
                    s.execute("set lock_timeout = 0; set statement_timeout = 0; "
                            + "set idle_in_transaction_session_timeout = 0; select count(*) from users");
                    neighbourTransactions.incrementAndGet();
                    Thread.sleep(5);
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            session().runAll();
        } finally {
            running.set(false);
        }
        neighbour.get(10, TimeUnit.SECONDS);
        assertTrue(neighbourTransactions.get() > 10, "the other client ran alongside");
        assertEquals(0, sql().fetchCount(sql().selectFrom("audit_log").where("status <> 'finished'")),
                "every bulk run's audit entry says finished");
        assertEquals(0, sql().fetchCount(ctl.db.schema.Tables.ACTIVITIES));
        assertEquals(0, sql().fetchCount(ctl.db.schema.Tables.FOLLOWS));
    }

    @Test
    void migrateOfAnEmptyDatabaseWorksThroughPgBouncerAndLeavesNoNamedStatementOnTheServerSessions() throws Exception {
        TestDatabase empty = TestServer.get().createEmptyDatabase("pgbouncermigrate");
        try {
            CtlRun through = new CtlRun().env("DATABASE_URL", bouncer.url(empty.name));
            var migrated = expect(0, through.run("migrate"));
            assertTrue(migrated.out().contains("Applied migration 7"), migrated::toString);
            for (int i = 0; i < 2; i++) {
                var again = expect(0, through.run("migrate"));
                assertEquals("", again.out());
                assertTrue(again.err().contains("already at version"), again::toString);
            }
            assertTrue(expect(0, through.run("migrate", "--status")).out().contains("success"));
            // Flyway with pgjdbc's defaults named its statements (S_1, …): they stayed on the
            // pool's server sessions and broke the next client that got one.
            try (Connection a = bouncerConnection(empty.name); Connection b = bouncerConnection(empty.name)) {
                a.setAutoCommit(false);
                b.setAutoCommit(false);
                for (Connection c : List.of(a, b)) {
                    try (var rs = c.createStatement().executeQuery("select count(*) from pg_prepared_statements")) {
                        rs.next();
                        assertEquals(0, rs.getInt(1), "named statements left on a server session");
                    }
                }
                a.commit();
                b.commit();
            }
            expect(0, through.stdin("password1\n").run("user", "new", "alice", "alice@example.com", "--password-stdin"));
        } finally {
            empty.drop();
        }
    }

    @Test
    void aSecondPruneInvitesWhileTheFirstHoldsItsLeaseExits7AtOnce() throws Exception {
        sql().execute("delete from invites");
        sql().execute("insert into invites (token, type, used) select 'tok' || n, 'one_time', true "
                + "from generate_series(1, 20000) n");
        CompletableFuture<CtlRun.Result> first = CompletableFuture.supplyAsync(
                () -> ctl().env("CTL_BATCH_SIZE", "100").run("user", "prune_invites"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sql().fetchCount(sql().selectFrom("ctl_run_locks")) == 0) {
            assertTrue(System.nanoTime() < deadline && !first.isDone(), "the first run never took its lease");
            Thread.sleep(10);
        }
        var second = ctl().run("user", "prune_invites");
        CtlRun.Result done = first.get(60, TimeUnit.SECONDS);
        assertEquals(7, second.code(), second::toString);
        assertEquals("ctl: another prune_invites is running\n", second.err());
        expect(0, done);
        assertEquals("Deleted 20000 invites\n", done.err());
        assertEquals(0, sql().fetchCount(sql().selectFrom("invites")));
        assertEquals(0, sql().fetchCount(sql().selectFrom("ctl_run_locks")), "the run lets its lease go");
    }

    @Test
    void theLockTimeoutHoldsOnAServerConnectionAnotherClientLeftWithNone() throws Exception {
        expect(0, ctl("user", "new", "erin", "erin@example.com"));
        // Both server connections of the pool get lock_timeout = 0 from another client.
        try (Connection a = bouncerConnection(db.name); Connection b = bouncerConnection(db.name);
             Connection holder = db.connect()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            a.createStatement().execute("set lock_timeout = 0");
            b.createStatement().execute("set lock_timeout = 0");
            a.commit();
            b.commit();
            holder.setAutoCommit(false);
            holder.createStatement().execute("select 1 from users where nickname = 'erin' for update");
            CompletableFuture<CtlRun.Result> run = CompletableFuture.supplyAsync(
                    () -> ctl().env("CTL_LOCK_TIMEOUT", "2s").run("user", "set", "erin", "--locked"));
            // PgBouncer passes application_name on: the waiting session is named after the task.
            boolean named = false;
            while (!run.isDone() && !named) {
                named = sql().fetchCount(sql().selectFrom("pg_stat_activity").where("datname = current_database() "
                        + "and application_name = 'ctl user set' and wait_event_type = 'Lock'")) == 1;
                Thread.sleep(20);
            }
            var r = run.get(30, TimeUnit.SECONDS);
            assertTrue(named, "the session waiting for the lock is named ctl user set");
            // ctl's own lock_timeout applied, seen from the server rather than timed: its wait
            // ended with the lock timeout's error while the holder still held the row, where
            // the pool's lock_timeout = 0 would have waited for as long as the holder held it
            assertEquals(0, sql().fetchCount(sql().selectFrom("pg_stat_activity").where("datname = current_database() "
                    + "and wait_event_type = 'Lock'")));
            holder.rollback();
            assertEquals(7, r.code(), r::toString);
            assertTrue(r.err().startsWith("ctl: timed out waiting for a lock"), r::toString);
        }
        assertEquals(false, sql().fetchOne("select locked from users where nickname = 'erin'").get(0, Boolean.class));
    }

    @Test
    void doctorSaysTheConnectionGoesThroughATransactionPoolingPoolerAndPasses() {
        var r = expect(0, ctl("doctor"));
        String pooler = r.out().lines().filter(l -> l.startsWith("ok    pooler  ")).findFirst().orElseThrow(() -> new AssertionError(r.toString()));
        assertTrue(pooler.matches("ok    pooler            through a transaction-pooling pooler: two client connections "
                + "shared server session \\d+; ctl keeps nothing in session state, so it works there"), r::toString);
        assertTrue(r.out().contains("ok    transport         TCP to 127.0.0.1:" + bouncer.port + ", "), r::toString);
    }

    @Test
    void throughASessionPoolingPgBouncerDoctorNamesWhatTheServerAnswersOn() {
        try (PgBouncer session = PgBouncer.start(TestServer.get(), 2, "session")) {
            var r = expect(0, new CtlRun().env("DATABASE_URL", session.url(db.name)).run("doctor"));
            String pooler = r.out().lines().filter(l -> l.startsWith("ok    pooler  ")).findFirst().orElseThrow(() -> new AssertionError(r.toString()));
            assertTrue(pooler.startsWith("ok    pooler            through a session-pooling pooler, a proxy or NAT: "
                    + "ctl dialled 127.0.0.1:" + session.port + ", the server answers on "), r::toString);
            assertTrue(pooler.endsWith(":" + TestServer.get().port + "; each client connection kept its server session"),
                    r::toString);
        }
    }

    private Connection bouncerConnection(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "neighbour");
        p.setProperty("prepareThreshold", "0");
        return DriverManager.getConnection(bouncer.jdbcUrl(database), p);
    }

    /** Every task once, in-JVM through PgBouncer; bulk ones in batches of 100, so in many transactions. */
    private EveryTask session() {
        return new EveryTask((code, stdin, args) -> {
            var r = ctl().env("CTL_BATCH_SIZE", "100").stdin(stdin).run(args);
            assertEquals(code, r.code(), () -> String.join(" ", args) + "\n" + r + "\n" + bouncer.log());
            return r.out().trim();
        }, () -> sql().execute("""
                insert into users (nickname, email, confirmed) select 'u' || n, 'u' || n || '@example.com', false
                  from generate_series(1, 450) n;
                insert into users (nickname, local, instance)
                  select 'r' || n || '@remote.example', false, 'remote.example' from generate_series(1, 150) n;
                insert into activities (user_id, kind, content)
                  select u.id, 'post', 'post ' || n from users u, generate_series(1, 1250) n where u.nickname in ('bob', 'carol');
                insert into follows (follower_id, followed_id)
                  select f.id, c.id from users f, users c
                  where (f.nickname in ('alice', 'bob') or f.nickname like 'u%') and (c.nickname = 'carol' or c.local = false);
                """));
    }
}
