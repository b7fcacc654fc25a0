package ctl.testing;

import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Base of the task tests: each class gets a fresh migrated database of its own, and runs
 * ctl through the real command line against it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CtlTest {
    protected TestDatabase db;

    @BeforeAll
    void createDatabase() {
        db = TestServer.get().createDatabase(getClass().getSimpleName());
    }

    @AfterAll
    void dropDatabase() {
        db.drop();
    }

    /** A run configured for this class's database; add stdin, env or a terminal before {@code run}. */
    protected CtlRun ctl() {
        return new CtlRun().env("DATABASE_URL", db.url());
    }

    protected CtlRun.Result ctl(String... args) {
        return ctl().run(args);
    }

    protected DSLContext sql() {
        return db.sql();
    }

    /** Asserts the exit code, showing the whole run when it differs. */
    protected static CtlRun.Result expect(int code, CtlRun.Result result) {
        assertEquals(code, result.code(), result::toString);
        return result;
    }

    /**
     * Runs {@code ctl args…} at {@link Rows#CLOCK} and asserts the exit code, the whole of
     * stderr, an empty stdout and a database exactly as it was (every row, every sequence).
     */
    protected CtlRun.Result assertChangesNothing(int code, String err, String... args) {
        String before = db.snapshot();
        var r = expect(code, ctl().clock(Rows.CLOCK).run(args));
        assertEquals(err, r.err());
        assertEquals("", r.out());
        assertEquals(before, db.snapshot());
        return r;
    }
}
