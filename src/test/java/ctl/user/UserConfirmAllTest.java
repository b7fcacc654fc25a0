package ctl.user;

import ctl.db.schema.tables.records.UsersRecord;
import ctl.testing.CtlTest;
import ctl.testing.FakeTerminal;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code user confirm_all} and its mirror {@code user unconfirm_all}. */
class UserConfirmAllTest extends CtlTest {
    static final OffsetDateTime SEEDED = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    /**
     * Unconfirmed: u1 and u2 (the ones confirm_all is for), and an admin, a moderator, a
     * deactivated user, a deleted user's tombstone and a remote user, which it skips.
     * Confirmed: c1 (the one unconfirm_all is for), and the same five kinds it skips.
     */
    @BeforeEach
    void world() {
        Rows.reset(sql());
        for (boolean confirmed : List.of(false, true)) {
            String p = confirmed ? "c" : "u";
            Consumer<UsersRecord> seeded = u -> {
                u.setConfirmed(confirmed);
                u.setUpdatedAt(SEEDED);
            };
            Rows.user(sql(), p + "1", seeded);
            if (!confirmed) {
                Rows.user(sql(), "u2", seeded);
            }
            Rows.user(sql(), p + "admin", seeded.andThen(u -> u.setAdmin(true)));
            Rows.user(sql(), p + "mod", seeded.andThen(u -> u.setModerator(true)));
            Rows.user(sql(), p + "off", seeded.andThen(u -> u.setActivated(false)));
            Rows.tombstone(sql(), p + "gone", seeded);
            Rows.remote(sql(), p + "r", seeded);
        }
    }

    private List<String> confirmed() {
        return sql().select(USERS.NICKNAME).from(USERS).where(USERS.CONFIRMED.isTrue()).orderBy(USERS.NICKNAME)
                .fetch(USERS.NICKNAME);
    }

    private List<String> touched() {
        return sql().select(USERS.NICKNAME).from(USERS).where(USERS.UPDATED_AT.ne(SEEDED)).orderBy(USERS.NICKNAME)
                .fetch(USERS.NICKNAME);
    }

    @Test
    void confirmAllWithoutYesAndWithoutATerminalExits1AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(1, ctl("user", "confirm_all"));
        assertEquals("ctl: confirmation needed: Mark 2 local users confirmed; "
                + "rerun with -y to confirm without a terminal\n", r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
    }

    @Test
    void confirmAllDeclinedOnATerminalExits1AndChangesNothing() {
        String before = db.snapshot();
        var terminal = new FakeTerminal("n");
        var r = expect(1, ctl().terminal(terminal).run("user", "confirm_all"));
        assertEquals(List.of("Mark 2 local users confirmed? [y/N] "), terminal.prompts);
        assertEquals("ctl: aborted, nothing changed\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void confirmAllConfirmsLocalActiveUsersButNotAdminsModeratorsDeactivatedDeletedOrRemote() {
        var r = expect(0, ctl("user", "confirm_all", "-y"));
        assertEquals("Confirmed 2 users\n", r.err());
        assertEquals("", r.out());
        assertEquals(List.of("c1", "cadmin", "cgone", "cmod", "coff", "cr@remote.example", "u1", "u2"), confirmed());
        assertEquals(List.of("u1", "u2"), touched());
    }

    @Test
    void confirmAllOnATerminalShowsAProgressBar() {
        var r = expect(0, ctl().terminal(new FakeTerminal("y")).run("user", "confirm_all"));
        assertTrue(r.err().contains("\runconfirmed users 100%"), r::toString);
        assertTrue(r.err().endsWith("\nConfirmed 2 users\n"), r::toString);
    }

    @Test
    void confirmAllWritesOneAuditEntryWithTheCount() {
        expect(0, ctl("user", "confirm_all", "-y"));
        var audit = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("user.confirm_all", audit.getOperation());
        assertEquals("update", audit.getActionKind());
        assertEquals("all", audit.getTarget());
        assertEquals(Map.of("users", 2L), Json.parse(audit.getChanges().data()));
    }

    @Test
    void confirmAllDryRunCountsForRealChangesNoRowAndWritesNoAudit() {
        String before = db.rows();
        var r = expect(0, ctl("user", "confirm_all", "-y", "--dry-run"));
        assertEquals("Confirmed 2 users (dry run)\n", r.err());
        assertEquals(before, db.rows());
    }

    @Test
    void confirmAllWithNobodyToConfirmSaysSoWithoutAskingAndWritesNoAudit() {
        expect(0, ctl("user", "confirm_all", "-y"));
        String before = db.snapshot();
        var r = expect(0, ctl("user", "confirm_all"));
        assertEquals("Confirmed 0 users\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void confirmAllGoesInBatches() {
        Rows.users(sql(), "n", 2500, u -> u.setConfirmed(false));
        var r = expect(0, ctl().env("CTL_BATCH_SIZE", "1000").run("user", "confirm_all", "-y", "-v"));
        assertEquals(List.of("batch 1: 1000", "batch 2: 1000", "batch 3: 502"),
                r.err().lines().filter(l -> l.startsWith("batch ")).map(l -> l.replaceAll(" unconfirmed users in .*", ""))
                        .toList());
        assertTrue(r.err().endsWith("Confirmed 2502 users\n"), r::toString);
        assertEquals(0, sql().fetchCount(USERS, USERS.CONFIRMED.isFalse().and(USERS.LOCAL.isTrue())
                .and(USERS.ADMIN.isFalse()).and(USERS.MODERATOR.isFalse()).and(USERS.ACTIVATED.isTrue())));
    }

    /** The application holds a lock on a user of the second batch: the run stops; a rerun finishes. */
    @Test
    void confirmAllRerunAfterAnInterruptionFinishesTheJob() throws Exception {
        Rows.users(sql(), "n", 1500, u -> u.setConfirmed(false));
        try (Connection app = db.connect()) {
            app.setAutoCommit(false);
            app.createStatement().execute("select 1 from users where nickname = 'n1200' for update");
            var r = expect(7, ctl().env("CTL_LOCK_TIMEOUT", "200ms").env("CTL_BATCH_SIZE", "1000").run("user", "confirm_all", "-y"));
            assertEquals("ctl: timed out waiting for a lock held by the application; safe to retry "
                    + "(stopped after 1000 unconfirmed users; run the task again to finish)\n", r.err());
            app.rollback();
        }
        assertEquals(1, sql().fetchCount(AUDIT_LOG, AUDIT_LOG.OPERATION.eq("user.confirm_all")
                .and(AUDIT_LOG.ACTION_KIND.eq("update"))), "the committed batch is audited");
        var r = expect(0, ctl("user", "confirm_all", "-y"));
        assertEquals("Confirmed 502 users\n", r.err());
        assertEquals(0, sql().fetchCount(USERS, USERS.NICKNAME.like("n%").and(USERS.CONFIRMED.isFalse())));
    }

    @Test
    void unconfirmAllUnconfirmsLocalActiveUsersButNotAdminsModeratorsDeactivatedDeletedOrRemote() {
        var terminal = new FakeTerminal("y");
        var r = expect(0, ctl().terminal(terminal).run("user", "unconfirm_all"));
        assertEquals(List.of("Mark 1 local user unconfirmed (they must confirm their email again)? [y/N] "),
                terminal.prompts);
        assertTrue(r.err().endsWith("\nUnconfirmed 1 user\n"), r::toString);
        assertEquals(List.of("cadmin", "cgone", "cmod", "coff", "cr@remote.example"), confirmed());
        assertEquals(List.of("c1"), touched());
        var audit = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("user.unconfirm_all", audit.getOperation());
        assertEquals("update", audit.getActionKind());
        assertEquals(Map.of("users", 1L), Json.parse(audit.getChanges().data()));
    }

    @Test
    void unconfirmAllWithoutYesAndWithoutATerminalExits1AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(1, ctl("user", "unconfirm_all"));
        assertEquals("ctl: confirmation needed: Mark 1 local user unconfirmed (they must confirm their email again); "
                + "rerun with -y to confirm without a terminal\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void unconfirmAllDeclinedExits1AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(1, ctl().terminal(new FakeTerminal("no")).run("user", "unconfirm_all"));
        assertEquals("ctl: aborted, nothing changed\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void unconfirmAllDryRunChangesNothing() {
        String before = db.rows();
        var r = expect(0, ctl("user", "unconfirm_all", "-y", "--dry-run"));
        assertEquals("Unconfirmed 1 user (dry run)\n", r.err());
        assertEquals(before, db.rows());
    }

    @Test
    void unconfirmAllThenConfirmAllTurnsTheSameUsersBack() {
        expect(0, ctl("user", "unconfirm_all", "-y"));
        assertEquals("Confirmed 3 users\n", expect(0, ctl("user", "confirm_all", "-y")).err());
        assertEquals("Unconfirmed 3 users\n", expect(0, ctl("user", "unconfirm_all", "-y")).err());
        assertEquals("Unconfirmed 0 users\n", expect(0, ctl("user", "unconfirm_all")).err());
    }

    @Test
    void theKebabCaseSpellingsAreAliases() {
        assertEquals("Confirmed 2 users\n", expect(0, ctl("user", "confirm-all", "-y")).err());
        assertEquals("Unconfirmed 3 users\n", expect(0, ctl("user", "unconfirm-all", "-y")).err());
    }

    @Test
    void anArgumentIsAUsageErrorAndChangesNothing() {
        String before = db.snapshot();
        var r = expect(2, ctl("user", "confirm_all", "alice", "-y"));
        assertTrue(r.err().startsWith("ctl: "), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertEquals(before, db.snapshot());
    }

    @Test
    void helpHasAnExample() {
        assertTrue(expect(0, ctl("user", "confirm_all", "--help")).out().contains("Examples:\n  ctl user confirm_all"));
        assertTrue(expect(0, ctl("user", "unconfirm_all", "--help")).out().contains("Examples:\n  ctl user unconfirm_all"));
    }
}
