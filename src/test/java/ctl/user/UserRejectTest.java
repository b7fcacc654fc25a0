package ctl.user;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static ctl.db.schema.Tables.ACTIVITIES;
import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** user reject: the twin of approve, for registrations that should never be approved. */
class UserRejectTest extends CtlTest {
    @BeforeEach
    void pendingUsers() {
        Rows.reset(sql());
        // created in reverse order of age: p3 is the oldest
        for (int i = 1; i <= 3; i++) {
            OffsetDateTime created = OffsetDateTime.of(2026, 1, 10 - i, 0, 0, 0, 0, ZoneOffset.UTC);
            Rows.user(sql(), "p" + i, u -> {
                u.setApproved(false);
                u.setCreatedAt(created);
            });
        }
        Rows.user(sql(), "ok");
    }

    private List<String> users() {
        return sql().select(USERS.NICKNAME).from(USERS).orderBy(USERS.NICKNAME).fetch(USERS.NICKNAME);
    }

    @Test
    void rejectsOnePendingUserAndFreesTheNickname() {
        long id = sql().select(USERS.ID).from(USERS).where(USERS.NICKNAME.eq("p2")).fetchOne(USERS.ID);
        Rows.activity(sql(), id, "post", null);
        var r = expect(0, ctl("user", "reject", "p2", "-y"));
        assertEquals("User p2 rejected; the nickname is free again\n", r.err());
        assertEquals(List.of("ok", "p1", "p3"), users());
        assertEquals(0, sql().fetchCount(ACTIVITIES), "its rows go with it");
        var audit = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("user.reject", audit.getOperation());
        assertEquals("delete", audit.getActionKind());
        assertEquals("p2", audit.getTarget());
        assertEquals("{\"users_rejected\": 1}", audit.getChanges().data());
        expect(0, ctl().stdin("a long enough password\n").run("user", "new", "p2", "p2@example.com", "--password-stdin"));
    }

    @Test
    void anApprovedUserExits4AndChangesNothing() {
        String before = db.snapshot();
        var r = expect(4, ctl("user", "reject", "ok", "-y"));
        assertEquals("ctl: ok is approved, not pending: use `ctl user rm`\n", r.err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void numberRejectsTheOldestFirst() {
        var r = expect(0, ctl("user", "reject", "--number", "2", "-y"));
        assertEquals("Rejected 2 registrations\n", r.err());
        assertEquals(List.of("ok", "p1"), users());
    }

    @Test
    void allRejectsEveryPendingUserInBatchesWithOneAuditEntry() {
        Rows.users(sql(), "q", 250, u -> u.setApproved(false));
        var r = expect(0, ctl().env("CTL_BATCH_SIZE", "100").run("user", "reject", "--all", "-y", "-v"));
        assertEquals(3, r.err().lines().filter(l -> l.startsWith("batch ")).count(), r::toString);
        assertTrue(r.err().endsWith("Rejected 253 registrations\n"), r::toString);
        assertEquals(List.of("ok"), users());
        var audit = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("{\"users_rejected\": 253}", audit.getChanges().data());
        assertEquals("finished", audit.getStatus());
    }

    @Test
    void dryRunCountsForRealAndChangesNothing() {
        String before = db.rows();
        var r = expect(0, ctl("user", "reject", "--all", "-y", "--dry-run"));
        assertEquals("Rejected 3 registrations (dry run)\n", r.err());
        assertEquals(before, db.rows());
    }

    @Test
    void withoutATerminalOrYesItExits1AndChangesNothing() {
        String before = db.snapshot();
        expect(1, ctl("user", "reject", "--all"));
        expect(1, ctl("user", "reject", "p1"));
        assertEquals(before, db.snapshot());
    }

    @Test
    void nothingPendingSaysSoAndExits0() {
        sql().execute("update users set approved = true");
        var r = expect(0, ctl("user", "reject", "--all", "-y"));
        assertEquals("No pending registrations: nothing to reject\n", r.err());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "p1 --all", "--all --number 2", "--number 0", "--number -1"})
    void usageErrorsExit2AndChangeNothing(String args) {
        String before = db.snapshot();
        var argv = new java.util.ArrayList<>(List.of("user", "reject", "-y"));
        if (!args.isEmpty()) {
            argv.addAll(List.of(args.split(" ")));
        }
        var r = expect(2, ctl(argv.toArray(String[]::new)));
        assertEquals(1, r.err().lines().count(), r::toString);
        assertEquals(before, db.snapshot());
    }

    @Test
    void anUnknownUserExits3() {
        assertEquals("ctl: no user nobody\n", expect(3, ctl("user", "reject", "nobody", "-y")).err());
    }
}
