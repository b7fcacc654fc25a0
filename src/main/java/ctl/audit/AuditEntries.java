package ctl.audit;

import ctl.core.ListTask;
import org.jooq.Field;

import static ctl.db.schema.Tables.AUDIT_LOG;

/** The audit log's entries as `audit list` and `audit get` show them (SPEC §4.6). */
final class AuditEntries {
    /** Every field, in order: how the run ended (status, reason) and the run it resumes included. */
    static final Field<?>[] FIELDS = {AUDIT_LOG.ID, AUDIT_LOG.AT, AUDIT_LOG.ACTOR, AUDIT_LOG.ACTOR_HOST,
            AUDIT_LOG.OPERATION, AUDIT_LOG.ACTION_KIND, AUDIT_LOG.TARGET, AUDIT_LOG.PARAMETERS, AUDIT_LOG.CHANGES,
            AUDIT_LOG.STATUS, AUDIT_LOG.REASON, AUDIT_LOG.RESUMES};

    /** What a table shows, where every field would be too wide to read. */
    static final Field<?>[] TABLE_FIELDS = {AUDIT_LOG.ID, AUDIT_LOG.AT, AUDIT_LOG.ACTOR,
            AUDIT_LOG.OPERATION, AUDIT_LOG.ACTION_KIND, AUDIT_LOG.TARGET, AUDIT_LOG.CHANGES, AUDIT_LOG.STATUS};

    /** What `audit list` has. */
    static final ListTask.Columns LIST = new ListTask.Columns(FIELDS, TABLE_FIELDS, false);

    private AuditEntries() {}
}
