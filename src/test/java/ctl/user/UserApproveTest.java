package ctl.user;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

class UserApproveTest extends CtlTest {
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

    private List<String> pending() {
        return sql().select(USERS.NICKNAME).from(USERS).where(USERS.APPROVED.isFalse()).orderBy(USERS.NICKNAME).fetch(USERS.NICKNAME);
    }

    @Test
    void approvesOneUser() {
        var r = expect(0, ctl("user", "approve", "p2"));
        assertEquals("User p2 approved\n", r.err());
        assertEquals(List.of("p1", "p3"), pending());
        assertEquals(1, sql().fetchCount(AUDIT_LOG, AUDIT_LOG.OPERATION.eq("user.approve")));
    }

    @Test
    void anApprovedUserSaysAlreadyAndExits0() {
        var r = expect(0, ctl("user", "approve", "ok"));
        assertEquals("User ok already approved\n", r.err());
        assertEquals(0, sql().fetchCount(AUDIT_LOG));
    }

    @Test
    void numberApprovesTheOldestFirst() {
        var r = expect(0, ctl("user", "approve", "--number", "2"));
        assertEquals("Approved 2 users\n", r.err());
        assertEquals(List.of("p1"), pending());
    }

    @Test
    void allApprovesEveryPendingUser() {
        var r = expect(0, ctl("user", "approve", "--all"));
        assertEquals("Approved 3 users\n", r.err());
        assertEquals(List.of(), pending());
        var audit = sql().selectFrom(AUDIT_LOG).fetchOne();
        assertEquals("{\"users\": 3}", audit.getChanges().data());
    }

    @Test
    void dryRunCountsAndChangesNothing() {
        String before = db.rows();
        assertEquals("Approved 2 users (dry run)\n", expect(0, ctl("user", "approve", "--number", "2", "--dry-run")).err());
        assertEquals("Approved 3 users (dry run)\n", expect(0, ctl("user", "approve", "--all", "--dry-run")).err());
        assertEquals(before, db.rows());
    }

    @Test
    void badCombinationsExit2AndChangeNothing() {
        String before = db.snapshot();
        assertEquals("ctl: give one of USER, --all or --number N\n", expect(2, ctl("user", "approve")).err());
        assertEquals("ctl: give one of USER, --all or --number N\n", expect(2, ctl("user", "approve", "p1", "--all")).err());
        assertEquals("ctl: --number must be a positive number\n", expect(2, ctl("user", "approve", "--number", "0")).err());
        assertEquals(before, db.snapshot());
    }

    @Test
    void anUnknownUserExits3() {
        String before = db.snapshot();
        assertEquals("ctl: no user nobody\n", expect(3, ctl("user", "approve", "nobody")).err());
        assertEquals(before, db.snapshot());
    }
}
