package ctl.audit;

import ctl.core.Audit;

import org.jooq.DSLContext;
import org.jooq.JSONB;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;

/** Audit entries written straight into the log, with the times and actors a test needs, and JSON read back. */
final class AuditRows {
    private AuditRows() {}

    static void reset(DSLContext sql) {
        sql.execute("truncate users, audit_log restart identity cascade");
    }

    /** One finished entry as a one-transaction task writes it; returns its id. */
    static long entry(DSLContext sql, String at, String actor, String operation, String kind, String target,
                      String parameters, String changes) {
        return sql.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.AT, OffsetDateTime.parse(at))
                .set(AUDIT_LOG.ACTOR, actor)
                .set(AUDIT_LOG.ACTOR_HOST, "host1")
                .set(AUDIT_LOG.OPERATION, operation)
                .set(AUDIT_LOG.ACTION_KIND, kind)
                .set(AUDIT_LOG.TARGET, target)
                .set(AUDIT_LOG.PARAMETERS, JSONB.jsonb(parameters))
                .set(AUDIT_LOG.CHANGES, JSONB.jsonb(changes))
                .returning(AUDIT_LOG.ID)
                .fetchOne(AUDIT_LOG.ID);
    }
}
