package ctl.token;

import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.AUDIT_LOG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenPruneTest extends CtlTest {
    private static final Instant NOW_INSTANT = Instant.parse("2026-03-01T12:00:05Z");
    private static final OffsetDateTime NOW = NOW_INSTANT.atOffset(ZoneOffset.UTC);

    /**
     * 1 no expiry; 2 expired; 3 expires later; 4 a login whose access expired but refresh did
     * not; 5 a login wholly expired; 6 a revoked link of a chain whose refresh is still
     * valid; 7 a revoked link whose refresh expired; 8 revoked, no refresh.
     */
    @BeforeEach
    void tokens() {
        Rows.loginUsers(sql());
        token(1, null, null, null);
        token(2, NOW.minusSeconds(1), null, null);
        token(3, NOW.plusSeconds(1), null, null);
        token(4, NOW.minusHours(1), NOW.plusDays(29), null);
        token(5, NOW.minusDays(31), NOW.minusDays(1), null);
        token(6, NOW.minusHours(1), NOW.plusDays(29), NOW.minusHours(2));
        token(7, NOW.minusDays(31), NOW.minusDays(1), NOW.minusDays(40));
        token(8, NOW.plusDays(1), null, NOW.minusSeconds(1));
        sql().execute("select setval(pg_get_serial_sequence('api_tokens', 'id'), 8)");
    }

    private void token(long id, OffsetDateTime expires, OffsetDateTime refreshExpires, OffsetDateTime revoked) {
        Rows.apiToken(sql(), 1L, "a" + id, t -> t.setId(id)
                .setRefreshHash(refreshExpires == null ? null : Rows.sha256("r" + id))
                .setFamilyId(refreshExpires == null ? null : id)
                .setExpiresAt(expires).setRefreshExpiresAt(refreshExpires)
                .setRevokedAt(revoked));
    }

    private CtlRun now() {
        return ctl().clock(Clock.fixed(NOW_INSTANT, ZoneOffset.UTC));
    }

    private List<Long> ids() {
        return sql().select(API_TOKENS.ID).from(API_TOKENS).orderBy(API_TOKENS.ID).fetch(API_TOKENS.ID);
    }

    @Test
    void deletesTheTokensNoOneCanUseAnyMoreAndKeepsSpentRefreshTokensWhileTheyCouldBeReplayed() {
        var r = expect(0, now().run("token", "prune"));
        assertEquals("Pruned 4 expired or revoked tokens\n", r.err());
        assertEquals("", r.out());
        assertEquals(List.of(1L, 3L, 4L, 6L), ids());
    }

    @Test
    void writesOneDeleteAuditEntryWithTheCount() {
        expect(0, now().run("token", "prune"));
        var audit = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("token.prune", audit.getOperation());
        assertEquals("delete", audit.getActionKind());
        assertEquals("{\"api_tokens\": 4}", audit.getChanges().data());
    }

    @Test
    void withNothingToPruneItSaysSoAndAuditsNothing() {
        expect(0, now().run("token", "prune"));
        sql().deleteFrom(AUDIT_LOG).execute();
        String before = db.rows();
        var r = expect(0, now().run("token", "prune"));
        assertEquals("Pruned 0 expired or revoked tokens\n", r.err());
        assertEquals(before, db.rows());
    }

    @Test
    void worksInBatchesThroughAnyNumberOfRows() {
        sql().execute("insert into api_tokens (user_id, access_hash, expires_at) "
                + "select 2, sha256(('bulk' || i)::bytea), timestamptz '2026-01-01' from generate_series(1, 2500) i");
        var r = expect(0, now().run("token", "prune"));
        assertEquals("Pruned 2504 expired or revoked tokens\n", r.err());
        assertEquals(List.of(1L, 3L, 4L, 6L), ids());
    }

    @Test
    void quietSaysNothing() {
        var r = expect(0, now().run("token", "prune", "-q"));
        assertEquals("", r.err());
        assertEquals("", r.out());
    }

    @Test
    void dryRunCountsAndChangesNothing() {
        String before = db.rows();
        var r = expect(0, now().run("token", "prune", "--dry-run"));
        assertEquals("Pruned 4 expired or revoked tokens (dry run)\n", r.err());
        assertEquals(before, db.rows());
    }

    @Test
    void aSecondRunWhileOneHoldsTheLockExits7AtOnceAndChangesNothing() {
        sql().execute("insert into ctl_run_locks (name, holder, expires_at) "
                + "values ('token prune', 'other-host:42:ab', now() + interval '1 minute')");
        try {
            String before = db.snapshot();
            var r = expect(7, now().run("token", "prune"));
            assertEquals("ctl: another token prune is running\n", r.err());
            assertEquals("", r.out());
            assertEquals(before, db.snapshot());
        } finally {
            sql().execute("delete from ctl_run_locks");
        }
        expect(0, now().run("token", "prune"));
    }

    @Test
    void helpHasAnExample() {
        assertTrue(expect(0, ctl("token", "prune", "--help")).out().contains("Examples:\n  ctl token prune"));
    }
}
