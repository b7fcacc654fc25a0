package ctl.user.invite;

import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.INVITES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PruneInvitesTest extends CtlTest {
    private static final Clock MARCH_10 = Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void invites() {
        Rows.reset(sql());
        sql().execute("""
                insert into invites (token, type, max_use, uses, expires_at, used) values
                  ('revoked',        'one_time',     null, 0, null,         true),
                  ('used-up',        'reusable',     3,    3, null,         false),
                  ('expired-10d',    'date_limited', null, 0, '2026-02-28', false),
                  ('expired-40d',    'date_limited', null, 0, '2026-01-29', false),
                  ('valid',          'one_time',     null, 0, null,         false),
                  ('partly-used',    'reusable',     3,    1, null,         false),
                  ('last-day-today', 'date_limited', null, 0, '2026-03-10', false),
                  ('expired-31d',    'date_limited', null, 0, '2026-02-07', false),
                  ('expired-30d',    'date_limited', null, 0, '2026-02-08', false)
                """);
    }

    private CtlRun.Result prune(int code, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("user", "prune_invites"));
        command.addAll(List.of(args));
        return expect(code, ctl().clock(MARCH_10).run(command.toArray(String[]::new)));
    }

    private List<String> left() {
        return sql().select(INVITES.TOKEN).from(INVITES).orderBy(INVITES.ID).fetch(INVITES.TOKEN);
    }

    @Test
    void deletesRevokedUsedUpAndLongExpiredInvitesAndKeepsTheRest() {
        var r = prune(0);
        assertEquals("Deleted 4 invites\n", r.err());
        assertEquals("", r.out());
        assertEquals(List.of("expired-10d", "valid", "partly-used", "last-day-today", "expired-30d"), left());
    }

    @Test
    void olderThanSetsHowLongAnExpiredInviteIsKept() {
        assertEquals("Deleted 6 invites\n", prune(0, "--older-than", "5").err());
        assertEquals(List.of("valid", "partly-used", "last-day-today"), left());
    }

    @Test
    void olderThanZeroDeletesEveryExpiredInviteButNotOneValidToday() {
        assertEquals("Deleted 6 invites\n", prune(0, "--older-than", "0").err());
        assertEquals(List.of("valid", "partly-used", "last-day-today"), left());
    }

    @Test
    void aHugeOlderThanDeletesNoExpiredInvite() {
        assertEquals("Deleted 2 invites\n", prune(0, "--older-than", "2000000000").err());
        assertEquals(7, left().size());
    }

    @Test
    void theAuditEntryHasTheCount() {
        prune(0, "--older-than", "5");
        var audit = sql().selectFrom(AUDIT_LOG).fetchSingle();
        assertEquals("user.prune_invites", audit.getOperation());
        assertEquals("delete", audit.getActionKind());
        assertEquals("{\"invites\": 6}", audit.getChanges().data());
        assertEquals("{\"older_than\": 5}", audit.getParameters().data());
    }

    @Test
    void nothingToPruneSaysZeroAndAuditsNothing() {
        prune(0);
        String before = db.snapshot();
        assertEquals("Deleted 0 invites\n", prune(0).err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void jsonPrintsTheCountAsARecordLaidOutAsEveryOtherRecord() {
        var r = prune(0, "--json");
        assertEquals("{\n  \"deleted\": 4\n}\n", r.out());
        assertEquals("Deleted 4 invites\n", r.err());
        assertEquals("{\"deleted\":0}\n", prune(0, "--format", "jsonl").out());
        assertEquals("deleted\r\n0\r\n", prune(0, "--format", "csv").out());
        assertEquals("", prune(0).out(), "the table format has the status line alone");
    }

    @Test
    void dryRunCountsAndChangesNothing() {
        String before = db.rows();
        var r = prune(0, "--dry-run", "--older-than", "5");
        assertEquals("Deleted 6 invites (dry run)\n", r.err());
        assertEquals(before, db.rows());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void deletesInBatchesUntilDoneAndIsSilentWithQ() {
        sql().execute("insert into invites (token, type, used) select 'bulk' || i, 'one_time', true from generate_series(1, 2500) i");
        assertEquals("", prune(0, "-q").err());
        assertEquals(5, left().size());
        assertEquals("{\"invites\": 2504}", sql().selectFrom(AUDIT_LOG).fetchSingle().getChanges().data());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "soon", "1.5"})
    void aBadOlderThanExits2AndChangesNothing(String days) {
        String before = db.snapshot();
        var r = prune(2, "--older-than", days);
        assertTrue(r.err().startsWith("ctl: ") && r.err().contains("--older-than"), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void aNegativeOlderThanSaysWhy() {
        assertEquals("ctl: --older-than must not be negative\n", prune(2, "--older-than", "-1").err());
    }

    @Test
    void aSecondRunAtTheSameTimeExits7AtOnce() {
        // A live run's lease, as another ctl process (through any pooler) would hold it.
        sql().execute("insert into ctl_run_locks (name, holder, expires_at) "
                + "values ('prune_invites', 'other-host:42:ab', now() + interval '1 minute')");
        try {
            String before = db.snapshot();
            var r = prune(7);
            assertEquals("ctl: another prune_invites is running\n", r.err());
            assertEquals("", r.out());
            assertEquals(before, db.snapshot());
        } finally {
            sql().execute("delete from ctl_run_locks");
        }
        assertEquals("Deleted 4 invites\n", prune(0).err());
        assertEquals(0, sql().fetchCount(sql().selectFrom("ctl_run_locks")), "the run lets its lock go");
    }

    @Test
    void aLeaseLeftByADeadRunLapsesAndTheNextRunTakesIt() {
        sql().execute("insert into ctl_run_locks (name, holder, expires_at) "
                + "values ('prune_invites', 'dead-host:42:ab', now() - interval '1 second')");
        assertEquals("Deleted 4 invites\n", prune(0).err());
        assertEquals(0, sql().fetchCount(sql().selectFrom("ctl_run_locks")));
    }

    @Test
    void theKebabCaseNameWorksToo() {
        assertEquals("Deleted 4 invites (dry run)\n",
                expect(0, ctl().clock(MARCH_10).run("user", "prune-invites", "--dry-run")).err());
    }

    @Test
    void helpHasAnExample() {
        var r = expect(0, ctl("user", "prune_invites", "--help"));
        assertTrue(r.out().contains("\nExamples:\n  ctl user prune_invites"), r::toString);
    }
}
