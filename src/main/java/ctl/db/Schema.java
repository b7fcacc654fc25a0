package ctl.db;

import ctl.base.CtlException;
import ctl.base.Exit;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.exception.DataAccessException;

import java.util.List;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.table;

/** The schema version this ctl was built for, and the one cheap query that checks it. */
public final class Schema {
    /** The highest migration in migrations/; a test keeps the two in step. */
    public static final int VERSION = 7;

    private Schema() {}

    /** The applied version: 0 for a database that was never migrated. */
    public static int applied(DSLContext dsl) {
        try {
            Integer version = dsl.select(max(field("version", String.class).cast(Integer.class)))
                    .from(table("flyway_schema_history"))
                    .where(field("success", Boolean.class).isTrue())
                    .fetchOne(0, Integer.class);
            return version == null ? 0 : version;
        } catch (DataAccessException e) {
            if ("42P01".equals(e.sqlState())) {
                return 0;
            }
            throw Database.translate(e);
        }
    }

    /**
     * What the check reads beside the session settings, in the first statement of a
     * transaction: whether the database was ever migrated, and whether it takes writes.
     */
    static Field<?>[] probe() {
        return new Field<?>[] {
                field("to_regclass('flyway_schema_history') is not null", Boolean.class),
                field("pg_is_in_recovery() or current_setting('transaction_read_only') = 'on'", Boolean.class)};
    }

    /**
     * Exit 8 unless the database is at exactly this ctl's version; for a task that writes,
     * exit 6 when the database takes no writes (a standby, default_transaction_read_only).
     * Inside a transaction, given what {@link #probe} read in it.
     */
    static void check(DSLContext dsl, List<Object> probed, boolean writes, String where) {
        check(Boolean.TRUE.equals(probed.get(0)) ? applied(dsl) : 0);
        if (writes && Boolean.TRUE.equals(probed.get(1))) {
            throw new CtlException(Exit.UNAVAILABLE, "the database at " + where + " is read-only (a standby, or "
                    + "default_transaction_read_only): point ctl at the primary");
        }
    }

    /** Exit 8 unless the database is at exactly this ctl's version. */
    public static void check(DSLContext dsl) {
        check(applied(dsl));
    }

    private static void check(int applied) {
        String mismatch = mismatch(applied);
        if (mismatch != null) {
            throw new CtlException(Exit.SCHEMA, mismatch);
        }
    }

    /** What is wrong with a database at this version, for this ctl; null when nothing is. */
    public static String mismatch(int applied) {
        if (applied < VERSION) {
            return "database schema is at " + applied + ", this ctl needs " + VERSION + ": run `ctl migrate`";
        }
        if (applied > VERSION) {
            return "database schema is at " + applied + ", newer than this ctl (" + VERSION + "): use a newer ctl";
        }
        return null;
    }

    /** The applied version, 0 for a database never migrated, without failing the transaction it runs in. */
    public static int appliedIfAny(DSLContext dsl) {
        Boolean migrated = dsl.select(field("to_regclass('flyway_schema_history') is not null", Boolean.class)).fetchOne(0, Boolean.class);
        return Boolean.TRUE.equals(migrated) ? applied(dsl) : 0;
    }

}
