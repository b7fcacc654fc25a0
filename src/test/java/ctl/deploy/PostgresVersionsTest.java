package ctl.deploy;

import ctl.db.embedded.OtherPostgres;
import ctl.testing.CtlRun;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §1: any PostgreSQL from 13 on. The core of ctl on each major version the tests do not
 * otherwise run on (15 is the machine's service), from zonky's binaries for that version,
 * started by ctl's own embedded machinery: migrate, then users, a bulk rm in several batches,
 * a cron prune, tokens and the audit log.
 */
class PostgresVersionsTest {

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(strings = {"13", "14", "16", "17"})
    void theCoreOfCtlWorksOn(String major) throws Exception {
        try (OtherPostgres pg = OtherPostgres.start(major);
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            DSLContext sql = DSL.using(c, SQLDialect.POSTGRES);
            assertTrue(sql.fetchValue("show server_version_num").toString().startsWith(major));

            var migrated = expect(0, ctl(pg).run("migrate"));
            assertTrue(migrated.out().contains("Applied migration 7"), migrated::toString);
            assertTrue(expect(0, ctl(pg).run("migrate", "--status")).out().contains("success"));

            expect(0, ctl(pg).stdin("password1\n").run("user", "new", "alice", "alice@example.com", "--password-stdin", "--admin"));
            expect(0, ctl(pg).run("user", "new", "bob", "bob@example.com"));
            String list = expect(0, ctl(pg).run("user", "list", "--json")).out();
            assertTrue(list.contains("\"nickname\":\"alice\"") && list.contains("\"nickname\":\"bob\""), list);

            expect(0, ctl(pg).run("user", "set", "bob", "--moderator", "--locked"));
            assertEquals(Boolean.TRUE, sql.fetchValue("select moderator and locked from users where nickname = 'bob'"));

            sql.execute("insert into activities (user_id, kind, content) select id, 'post', 'p' || n "
                    + "from users, generate_series(1, 1000) n where nickname = 'bob'");
            sql.execute("insert into follows (follower_id, followed_id) select a.id, b.id from users a, users b "
                    + "where a.nickname = 'alice' and b.nickname = 'bob'");
            var rm = expect(0, ctl(pg).run("user", "rm", "bob", "-y"));
            assertTrue(rm.err().contains("User bob deleted."), rm::toString);
            assertEquals(0, sql.fetchCount(DSL.table("activities")));
            assertEquals(0, sql.fetchCount(DSL.table("follows")));
            assertNotNull(sql.fetchValue("select deleted_at from users where nickname = 'bob'"));
            assertEquals(1000L, sql.fetchValue("select (changes ->> 'activities')::bigint from audit_log "
                    + "where operation = 'user.rm' and status = 'finished'"));

            sql.execute("insert into invites (token, type, used) select 'tok' || n, 'one_time', true from generate_series(1, 250) n");
            assertEquals("Deleted 250 invites\n", expect(0, ctl(pg).run("user", "prune_invites")).err());
            assertEquals(0, sql.fetchCount(DSL.table("invites")));
            assertEquals(0, sql.fetchCount(DSL.table("ctl_run_locks")));

            String token = expect(0, ctl(pg).run("token", "create", "alice", "--label", "ci")).out().trim();
            assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
            String login = expect(0, ctl(pg).stdin("password1\n").run("token", "login", "alice", "--password-stdin", "--json")).out();
            assertTrue(login.contains("\"access_token\"") && login.contains("\"refresh_token\""), login);
            assertEquals(2, sql.fetchCount(DSL.table("api_tokens")));

            // As its own process, as operators run it: nothing on stderr but ctl's own words.
            ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-XX:TieredStopAtLevel=1", "-Dorg.jooq.no-logo=true", "-cp", System.getProperty("java.class.path"),
                    "ctl.Main", "user", "list", "--fields", "nickname").redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("DATABASE_URL", pg.url());
            Process child = pb.start();
            String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, child.waitFor(), err);
            assertEquals("", err, "no warning about the server's version");

            String audit = expect(0, ctl(pg).run("audit", "list", "--json")).out();
            for (String op : new String[] {"user.new", "user.set", "user.rm", "user.prune_invites", "token.create"}) {
                assertTrue(audit.contains("\"operation\":\"" + op + "\""), op + " audited\n" + audit);
            }
        }
    }

    private static CtlRun ctl(OtherPostgres pg) {
        return new CtlRun().env("DATABASE_URL", pg.url()).env("CTL_BATCH_SIZE", "100");
    }

    private static CtlRun.Result expect(int code, CtlRun.Result result) {
        assertEquals(code, result.code(), result::toString);
        return result;
    }
}
