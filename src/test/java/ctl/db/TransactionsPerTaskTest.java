package ctl.db;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import ctl.testing.StallingRelay;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 11: a task that only reads is one transaction, its schema check included (the check
 * comes first in it, before the task reads); a task that writes checks the schema in a
 * transaction of its own before any work, then does its work in one. Counted at the server's
 * side of the wire, through a relay.
 */
class TransactionsPerTaskTest extends CtlTest {
    @BeforeAll
    void alice() {
        Rows.user(sql(), "alice");
    }

    private int transactions(String... args) {
        try (StallingRelay relay = StallingRelay.to(db.server())) {
            expect(0, ctl().env("DATABASE_URL", relay.url(db.server(), db.name)).run(args));
            return relay.transactions();
        }
    }

    @Test
    void userShowIsOneTransaction() {
        assertEquals(1, transactions("user", "show", "alice"));
    }

    @Test
    void userListIsOneTransaction() {
        assertEquals(1, transactions("user", "list", "--limit", "20"));
    }

    @Test
    void aTaskThatWritesChecksTheSchemaInATransactionBeforeItsOwn() {
        assertEquals(2, transactions("user", "tag", "alice", "ops"));
    }
}
