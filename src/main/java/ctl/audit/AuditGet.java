package ctl.audit;

import ctl.base.CtlException;
import ctl.core.ShowTask;
import org.jooq.DSLContext;
import org.jooq.Record;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static ctl.db.schema.Tables.AUDIT_LOG;

@Command(description = "Show one audit entry.",
        footer = {"  ctl audit get 42", "  ctl audit get 42 --json | jq .changes"})
public final class AuditGet extends ShowTask {
    @Parameters(paramLabel = "ID", description = "The entry's id.")
    long id;

    @Override
    protected Record find(DSLContext dsl) {
        Record entry = dsl.select(AuditEntries.FIELDS).from(AUDIT_LOG).where(AUDIT_LOG.ID.eq(id)).fetchOne();
        if (entry == null) {
            throw CtlException.notFound("no audit entry " + id);
        }
        return entry;
    }
}
