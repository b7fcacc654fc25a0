package ctl.core;

import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The show shape: a task that finds one record and prints it, in every format (SPEC §2). It
 * only reads, so it runs on a read-only standby too. A record that is not there is the
 * finder's {@code CtlException} (exit 3).
 */
public abstract class ShowTask extends Task {
    @Override
    public final boolean writes() {
        return false;
    }

    /** Checks and reads what the task was given, before anything connects (exit 2 or 5). */
    protected void check() {}

    /** The record to show, read in the run's one read-only transaction. */
    protected abstract Record find(DSLContext dsl);

    @Override
    protected final int run() {
        check();
        ctx.out().record(ctx.db().read(this::find));
        return 0;
    }
}
