package ctl.bulk;

import ctl.Context;
import ctl.CtlException;
import org.jooq.impl.DSL;

/**
 * Cron tasks hold a PostgreSQL advisory lock for the length of the run (SPEC §5), so two
 * runs never overlap: the second exits 7 at once. The lock dies with the session, so a
 * crashed run never leaves it behind.
 */
public final class CronLock {
    private CronLock() {}

    public static void hold(Context ctx, String task) {
        boolean acquired = ctx.db().read(dsl -> dsl.select(DSL.field("pg_try_advisory_lock(hashtext({0}))",
                Boolean.class, DSL.val("ctl " + task))).fetchOne(0, Boolean.class));
        if (!acquired) {
            throw CtlException.busy("another " + task + " is running");
        }
    }
}
