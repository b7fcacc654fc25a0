package ctl.bulk;

import ctl.testing.CtlTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults injected, not reasoned about (issue 8): each bulk task runs as a process of its own
 * and is killed with SIGKILL at a random moment (seeded), again and again, then finished by a
 * rerun. After every kill: only whole batches changed (the changed rows are exactly those
 * before some key, in key order), and the audit log's counts equal the rows changed. SIGINT
 * and SIGTERM the same way: the count the run reports is the count the database holds.
 *
 * <p>{@code -Dctl.faults.kills=N} sets the kills per task (4 here, to keep {@code mvn verify}
 * short; {@code src/bench/faults.sh} runs 25); {@code -Dctl.faults.seed=S} replays a run.
 */
class FaultTest extends CtlTest {
    private static final int KILLS = Integer.getInteger("ctl.faults.kills", 4);
    private static final long SEED = Long.getLong("ctl.faults.seed", System.nanoTime());
    private final Random random = new Random(SEED);

    /**
     * A bulk task on seeded rows: what counts as done, in the order the task works (1 per row
     * done, 0 per row not), and the audit's count of it (a sum over the run's entries' changes).
     */
    private record Scenario(String name, String[] args, String seed, String operation, String audited,
                            String doneInOrder, String message) {
        Scenario(String name, String[] args, String seed, String operation, String auditKey, String doneInOrder) {
            this(name, args, seed, operation, "(changes ->> '" + auditKey + "')::bigint", doneInOrder, auditKey);
        }
    }

    private final List<Scenario> scenarios = List.of(
            new Scenario("delete_activities", new String[] {"user", "delete_activities", "alice", "-y"},
                    "insert into activities (user_id, kind, content) select (select id from users where nickname = 'alice'), "
                            + "'post', 'p' || n from generate_series(1, 40000) n",
                    "user.delete_activities", "activities",
                    // per key, in order: 1 if the row is gone. Ids of alice's seeded posts, all of them.
                    "select case when a.id is null then 1 else 0 end from generate_series("
                            + "(select min(id) from seeded), (select max(id) from seeded)) k(id) "
                            + "left join activities a on a.id = k.id order by k.id"),
            new Scenario("confirm_all", new String[] {"user", "confirm_all", "-y"},
                    "insert into users (nickname, email, confirmed) select 'u' || n, 'u' || n || '@example.com', false "
                            + "from generate_series(1, 30000) n",
                    "user.confirm_all", "users",
                    "select case when confirmed then 1 else 0 end from users where nickname like 'u%' order by id"),
            new Scenario("prune_invites", new String[] {"user", "prune_invites"},
                    "insert into invites (token, type, used) select 'tok' || n, 'one_time', true from generate_series(1, 100000) n",
                    "user.prune_invites", "invites",
                    "select case when i.id is null then 1 else 0 end from generate_series("
                            + "(select min(id) from seeded), (select max(id) from seeded)) k(id) "
                            + "left join invites i on i.id = k.id order by k.id"),
            // rm: bob's activities in key order, then his follows both ways in key order.
            new Scenario("rm", new String[] {"user", "rm", "bob", "-y"},
                    "insert into users (nickname, email) select 'f' || n, 'f' || n || '@example.com' from generate_series(1, 50) n;"
                            + "insert into users (nickname, email) values ('bob', 'bob@example.com');"
                            + "insert into activities (user_id, kind, content) select (select id from users where nickname = 'bob'), "
                            + "'post', 'p' || n from generate_series(1, 30000) n;"
                            + "insert into follows (follower_id, followed_id) select f.id, b.id from users f, users b "
                            + "where f.nickname like 'f%' and b.nickname = 'bob';"
                            + "insert into follows (follower_id, followed_id) select b.id, f.id from users f, users b "
                            + "where f.nickname like 'f%' and b.nickname = 'bob';"
                            + "create table seeded_follows as select follower_id, followed_id from follows",
                    "user.rm",
                    "coalesce((changes ->> 'activities')::bigint, 0) + coalesce((changes ->> 'follows')::bigint, 0)",
                    "select flag from (select 1 as phase, k.id as a, 0::bigint as b, case when x.id is null then 1 else 0 end as flag "
                            + "from generate_series((select min(id) from seeded), (select max(id) from seeded)) k(id) "
                            + "left join activities x on x.id = k.id "
                            + "union all select 2, s.follower_id, s.followed_id, case when f.follower_id is null then 1 else 0 end "
                            + "from seeded_follows s left join follows f using (follower_id, followed_id)) t order by phase, a, b",
                    "rows of bob"),
            new Scenario("approve --all", new String[] {"user", "approve", "--all"},
                    "insert into users (nickname, email, approved) select 'p' || n, 'p' || n || '@example.com', false "
                            + "from generate_series(1, 30000) n",
                    "user.approve", "users",
                    "select case when approved then 1 else 0 end from users where nickname like 'p%' order by id"),
            new Scenario("unsubscribe", new String[] {"user", "unsubscribe", "spam@bad.example", "-q"},
                    "insert into users (nickname, local, instance) values ('spam@bad.example', false, 'bad.example');"
                            + "insert into users (nickname, email) select 'f' || n, 'f' || n || '@example.com' from generate_series(1, 20000) n;"
                            + "insert into follows (follower_id, followed_id) select f.id, s.id from users f, users s "
                            + "where f.nickname like 'f%' and s.nickname = 'spam@bad.example';"
                            + "create table seeded_follows as select follower_id, followed_id from follows",
                    "user.unsubscribe", "follows",
                    "select case when f.follower_id is null then 1 else 0 end from seeded_follows s "
                            + "left join follows f using (follower_id, followed_id) order by s.follower_id, s.followed_id"),
            // unsubscribe_all_from_instance: batches of users, each user's follows with it; in
            // order of the followed user, then the follower. A batch is 200 users here
            // (CTL_BATCH_SIZE, as for every scenario): 3,000 users make 15 or more batches, so that a kill after the first
            // commit lands midway (with 1,000 users a loaded machine saw 12 kills in a row land
            // after the end).
            new Scenario("unsubscribe_all_from_instance", new String[] {"user", "unsubscribe_all_from_instance", "bad.example", "-q"},
                    "insert into users (nickname, local, instance) select 'r' || n || '@bad.example', false, 'bad.example' "
                            + "from generate_series(1, 3000) n;"
                            + "insert into users (nickname, email) select 'f' || n, 'f' || n || '@example.com' from generate_series(1, 50) n;"
                            + "insert into follows (follower_id, followed_id) select f.id, r.id from users f, users r "
                            + "where f.nickname like 'f%' and r.instance = 'bad.example';"
                            + "create table seeded_follows as select follower_id, followed_id from follows",
                    "user.unsubscribe_all_from_instance", "follows",
                    "select case when f.follower_id is null then 1 else 0 end from seeded_follows s "
                            + "left join follows f using (follower_id, followed_id) order by s.followed_id, s.follower_id"),
            new Scenario("token prune", new String[] {"token", "prune"},
                    "insert into api_tokens (user_id, access_hash, created_at, expires_at) "
                            + "select (select id from users where nickname = 'alice'), sha256(n::text::bytea), "
                            + "now() - interval '2 days', now() - interval '1 day' from generate_series(1, 60000) n;"
                            + "create table seeded_tokens as select id from api_tokens",
                    "token.prune", "api_tokens",
                    "select case when t.id is null then 1 else 0 end from seeded_tokens s "
                            + "left join api_tokens t on t.id = s.id order by s.id"));

    @Test
    void killedAtRandomMomentsEveryBulkTaskLeavesWholeBatchesAnAuditThatMatchesAndARerunFinishes() throws Exception {
        for (Scenario s : scenarios) {
            if (!System.getProperty("ctl.faults.only", s.name()).equals(s.name())) {
                continue;
            }
            long whole = timeOfAWholeRun(s);
            long work = Math.max(100, timeAfterTheFirstCommit(s));
            seed(s);
            long total = count("select count(*) from (" + s.doneInOrder() + ") t");
            int landed = 0;
            // A few more kills when none has landed midway yet: the test must not pass vacuously.
            for (int kill = 0; kill < KILLS || landed == 0 && kill < KILLS + 8; kill++) {
                Process p = start(s.args());
                // Most kills once the run is under way, at a random moment of the rest of it (as
                // long as a timed run went on after its first commit); every fourth at a random
                // moment from the start, start-up included.
                if (kill % 4 != 3) {
                    // (watched through the audit entry, which each batch updates as it commits: one
                    // row to read, where the rows themselves took 100 ms and more to count)
                    long before = audited(s);
                    for (int wait = 0; wait < 1500 && p.isAlive() && audited(s) == before; wait++) {
                        Thread.sleep(10);
                    }
                }
                Thread.sleep((long) (random.nextDouble() * (kill % 4 != 3 ? work : whole)));
                p.destroyForcibly(); // SIGKILL
                p.waitFor(30, TimeUnit.SECONDS);
                untilTheServerIsDoneWithIt();
                // A killed cron run's lease lapses within RunLock.LEASE; rather than wait, let it lapse now.
                assertEquals(0, count("select count(*) from ctl_run_locks where expires_at > now() + interval '"
                        + RunLock.LEASE + "'"), "no lease outlives its bound");
                sql().execute("update ctl_run_locks set expires_at = now()");
                long done = checkWholeBatches(s);
                landed += done > 0 && done < total ? 1 : 0;
                if (Boolean.getBoolean("ctl.faults.trace")) {
                    System.out.println("[FaultTest] " + s.name() + " kill " + kill + ": " + done + " of " + total + " done");
                }
                assertEquals(done, audited(s), s.name() + ": the audit's counts are the rows changed, after kill "
                        + kill + " (seed " + SEED + ")");
                if (done == total) {
                    seed(s); // all done before the kill: start again, so the next kill can land midway
                }
            }
            assertTrue(landed > 0, s.name() + ": no kill landed midway (seed " + SEED + ")");
            var rerun = run(s.args());
            assertEquals(0, rerun.code, s.name() + ": the rerun finishes\n" + rerun.err);
            assertEquals(total, checkWholeBatches(s), s.name() + ": all done after the rerun");
            assertEquals(total, audited(s), s.name() + ": every changed row is audited");
            System.out.println("[FaultTest] " + s.name() + ": " + landed + " kills landed midway (seed " + SEED + ")");
        }
    }

    @Test
    void interruptedBySigintOrSigtermARunSaysExactlyHowManyRowsTheDatabaseHolds() throws Exception {
        Scenario s = scenarios.get(0);
        long whole = timeOfAWholeRun(s) - startUp();
        seed(s);
        Pattern said = Pattern.compile("interrupted by (SIGINT|SIGTERM) after (\\d+) activities of alice");
        int spoken = 0;
        for (int i = 0; i < Math.max(4, KILLS) || spoken == 0 && i < Math.max(4, KILLS) + 8; i++) {
            String signal = i % 2 == 0 ? "INT" : "TERM";
            long before = checkWholeBatches(s);
            Process p = start(s.args());
            // Once the run is under way (its first batch committed), a random moment later.
            String left = "select count(*) from activities where id in (select id from seeded)";
            long leftBefore = count(left);
            for (int wait = 0; wait < 1500 && p.isAlive() && count(left) == leftBefore; wait++) {
                Thread.sleep(20);
            }
            Thread.sleep((long) (random.nextDouble() * Math.max(whole, 100) / 4));
            new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run ends after the batch in flight");
            untilTheServerIsDoneWithIt();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            long now = checkWholeBatches(s);
            assertEquals(now, audited(s), "the audit's counts are the rows changed (seed " + SEED + ")\n" + err);
            Matcher m = said.matcher(err);
            if (m.find()) {
                spoken++;
                assertEquals(signal.equals("INT") ? 130 : 143, p.exitValue(), err);
                assertEquals(now - before, Long.parseLong(m.group(2)), "the count said is the count done\n" + err);
                assertEquals("stopped", string("select status from audit_log order by id desc limit 1"));
            } else if (p.exitValue() != 0) {
                // The signal came before the run began or after it ended (the JVM's own handling):
                // nothing done, or all of it, as its last status line says.
                assertEquals(signal.equals("INT") ? 130 : 143, p.exitValue(), err);
                if (err.contains("statuses deleted.")) {
                    assertEquals("finished", string("select status from audit_log order by id desc limit 1"), err);
                } else {
                    assertEquals(before, now, err);
                }
            }
            if (now == count("select count(*) from (" + s.doneInOrder() + ") t")) {
                seed(s);
            }
        }
        assertTrue(spoken > 0, "no signal landed midway (seed " + SEED + ")");
        System.out.println("[FaultTest] signals: " + spoken + " landed midway, each said the count the database holds (seed "
                + SEED + ")");
    }

    /**
     * A signal during a pause between batches (CTL_BATCH_PAUSE_PERCENT) ends the run then, not
     * when the pause would have ended: exit 130, the count said the count done, as audited.
     */
    @Test
    void aSignalDuringAPauseBetweenBatchesEndsTheRunAtOnce() throws Exception {
        Scenario s = scenarios.get(0);
        seed(s);
        List<String> args = new ArrayList<>(List.of("-v"));
        args.addAll(List.of(s.args()));
        Process p = start(Map.of("CTL_BATCH_SIZE", "2000", "CTL_BATCH_PAUSE_PERCENT", "10000"), args.toArray(new String[0]));
        var err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        Matcher first = Pattern.compile("batch 1: 2000 activities of alice in \\d+ ms, then a pause of (\\d+) ms").matcher("");
        StringBuilder said = new StringBuilder();
        for (String line; (line = err.readLine()) != null && !first.reset(line).matches(); ) {
            said.append(line).append('\n');
        }
        assertTrue(first.matches(), "the first batch and its pause, under -v:\n" + said);
        long pause = Long.parseLong(first.group(1));
        long signalled = System.nanoTime();
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        long took = (System.nanoTime() - signalled) / 1_000_000;
        String rest = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(130, p.exitValue(), rest);
        assertTrue(took < pause, "ended " + took + " ms after the signal, in a pause of " + pause + " ms");
        assertTrue(rest.contains("interrupted by SIGINT after 2000 activities of alice, all committed"), rest);
        untilTheServerIsDoneWithIt();
        assertEquals(2000, checkWholeBatches(s));
        assertEquals(2000, audited(s));
        assertEquals("stopped", string("select status from audit_log order by id desc limit 1"));
    }

    /**
     * SIGKILL during a pause between batches: no transaction is open then, so the first batch
     * stays done and audited (the entry "unfinished"), nothing more; a rerun finishes the job.
     */
    @Test
    void killedDuringAPauseBetweenBatchesItLeavesTheFirstBatchAuditedAndARerunFinishes() throws Exception {
        Scenario s = scenarios.get(0);
        seed(s);
        long total = count("select count(*) from (" + s.doneInOrder() + ") t");
        List<String> args = new ArrayList<>(List.of("-v"));
        args.addAll(List.of(s.args()));
        Process p = start(Map.of("CTL_BATCH_SIZE", "2000", "CTL_BATCH_PAUSE_PERCENT", "10000"), args.toArray(new String[0]));
        var err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        Pattern first = Pattern.compile("batch 1: 2000 activities of alice in \\d+ ms, then a pause of \\d+ ms");
        String line;
        while ((line = err.readLine()) != null && !first.matcher(line).matches()) {
            // the lines before the first batch's
        }
        assertTrue(line != null, "the first batch and its pause, under -v");
        p.destroyForcibly(); // SIGKILL, in the pause
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        untilTheServerIsDoneWithIt();
        assertEquals(2000, checkWholeBatches(s));
        assertEquals(2000, audited(s));
        assertEquals("unfinished", string("select status from audit_log order by id desc limit 1"));
        var rerun = run(s.args());
        assertEquals(0, rerun.code, rerun.err);
        assertEquals(total, checkWholeBatches(s));
        assertEquals(total, audited(s));
    }

    /**
     * Ctrl-C or SIGTERM during a task that says a line per row (unsubscribe, not -q): a committed
     * batch's lines are written while the next batch runs (Output.statusLater), yet the run says
     * a line for each follow the database no longer holds, in key order and no other, all of them
     * before it says it was interrupted.
     */
    @Test
    void interruptedWhileItsLinesAreWrittenARunSaysALineForEachRowRemovedAndNoOther() throws Exception {
        Scenario s = scenarios.stream().filter(x -> x.name().equals("unsubscribe")).findFirst().orElseThrow();
        seed(s);
        long total = count("select count(*) from (" + s.doneInOrder() + ") t");
        int landed = 0;
        for (int i = 0; i < Math.max(4, KILLS) || landed == 0 && i < Math.max(4, KILLS) + 8; i++) {
            String signal = i % 2 == 0 ? "INT" : "TERM";
            long before = checkWholeBatches(s);
            Process p = start("user", "unsubscribe", "spam@bad.example");
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try {
                    p.getErrorStream().transferTo(err);
                } catch (IOException e) {
                    // the process ended
                }
            });
            reader.start();
            long audited = audited(s);
            for (int wait = 0; wait < 1500 && p.isAlive() && audited(s) == audited; wait++) {
                Thread.sleep(5);
            }
            Thread.sleep(random.nextInt(200));
            new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run ends after the batch in flight");
            reader.join();
            untilTheServerIsDoneWithIt();
            long now = checkWholeBatches(s);
            String text = err.toString(StandardCharsets.UTF_8);
            List<String> lines = text.lines().filter(l -> l.startsWith("Unsubscribing ")).toList();
            // f1 … f20000 were seeded in key order: this run's lines go on from where the last one stopped
            List<String> expected = new ArrayList<>();
            for (long n = before + 1; n <= now; n++) {
                expected.add("Unsubscribing f" + n + " from spam@bad.example");
            }
            assertEquals(expected, lines, "a line for each follow removed, in order (seed " + SEED + ")");
            int interrupted = text.indexOf("interrupted by SIG" + signal);
            if (interrupted >= 0) {
                landed += now > before && now < total ? 1 : 0;
                assertEquals(signal.equals("INT") ? 130 : 143, p.exitValue(), text.substring(interrupted));
                assertTrue(text.lastIndexOf("Unsubscribing ") < interrupted, "every line before the interruption's");
            }
            if (now == total) {
                seed(s);
            }
        }
        assertTrue(landed > 0, "no signal landed midway (seed " + SEED + ")");
        System.out.println("[FaultTest] unsubscribe's lines: " + landed + " signals landed midway, each run's lines "
                + "the rows it removed (seed " + SEED + ")");
    }

    /**
     * A killed client's backend may still be committing the batch it was sent: the rows and the
     * audit are read once the server has let go of every session of ctl's on this database.
     */
    private void untilTheServerIsDoneWithIt() throws InterruptedException {
        for (int i = 0; i < 500 && count("select count(*) from pg_stat_activity where datname = current_database() "
                + "and application_name like 'ctl %'") > 0; i++) {
            Thread.sleep(20);
        }
    }

    private long startUp = -1;

    /** How long ctl takes here to start and end doing nothing (--version), in ms. */
    private long startUp() throws Exception {
        if (startUp < 0) {
            long start = System.nanoTime();
            run("--version");
            startUp = (System.nanoTime() - start) / 1_000_000;
        }
        return startUp;
    }

    /** How long one whole run takes here, start-up included, in ms. */
    private long timeOfAWholeRun(Scenario s) throws Exception {
        seed(s);
        long start = System.nanoTime();
        var r = run(s.args());
        assertEquals(0, r.code, r.err);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * How long a run goes on after its first batch commits, in ms: the span in which a kill lands
     * midway. (Start-up is not all that comes before it: connecting, jOOQ's first use, the run
     * lock and the first batch's own time are too; a kill timed from the whole run's length
     * landed after the end more often than not.)
     */
    private long timeAfterTheFirstCommit(Scenario s) throws Exception {
        seed(s);
        Process p = start(s.args());
        Thread drain = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the process ended
            }
        });
        drain.start();
        while (p.isAlive() && audited(s) == 0) {
            Thread.sleep(5);
        }
        long first = System.nanoTime();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        drain.join();
        assertEquals(0, p.exitValue(), s.name() + ": the timed run");
        return (System.nanoTime() - first) / 1_000_000;
    }

    /** Fresh rows for the scenario, and the seeded keys remembered; the audit log emptied. */
    private void seed(Scenario s) {
        sql().execute("truncate users, activities, invites, api_tokens, audit_log, ctl_run_locks restart identity cascade");
        sql().execute("insert into users (nickname, email) values ('alice', 'alice@example.com')");
        sql().execute("drop table if exists seeded");
        sql().execute("drop table if exists seeded_follows");
        sql().execute("drop table if exists seeded_tokens");
        sql().execute("create table seeded (id bigint)");
        sql().execute(s.seed());
        sql().execute("insert into seeded select id from activities union all select id from invites");
        sql().execute("analyze");
    }

    /** Asserts the changed rows are a prefix in key order (whole batches only); returns how many. */
    private long checkWholeBatches(Scenario s) {
        List<Integer> flags = sql().fetch(s.doneInOrder()).getValues(0, Integer.class);
        int done = 0;
        while (done < flags.size() && flags.get(done) == 1) {
            done++;
        }
        for (int i = done; i < flags.size(); i++) {
            assertEquals(0, flags.get(i), s.name() + ": a changed row past the first unchanged one, at " + i
                    + " (seed " + SEED + ")");
        }
        return done;
    }

    private long audited(Scenario s) {
        return count("select coalesce(sum(" + s.audited() + "), 0) from audit_log "
                + "where operation = '" + s.operation() + "'");
    }

    private long count(String sql) {
        return sql().fetchOne(sql).get(0, Long.class);
    }

    private String string(String sql) {
        return sql().fetchOne(sql).get(0, String.class);
    }

    /** ctl as its own process: the test's JVM and classpath, this class's database. */
    private Process start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    /** The same, with {@code env} set too (over the batch size of 200). */
    private Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dorg.jooq.no-logo=true",
                "-cp", System.getProperty("java.class.path"), "ctl.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DATABASE_URL", db.url());
        pb.environment().put("CTL_BATCH_SIZE", "200");
        pb.environment().putAll(env);
        return pb.start();
    }

    private record Ran(int code, String err) {}

    private Ran run(String... args) throws Exception {
        Process p = start(args);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        return new Ran(p.exitValue(), err);
    }
}
