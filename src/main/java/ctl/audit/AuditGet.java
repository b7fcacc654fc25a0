package ctl.audit;

import ctl.base.CtlException;
import ctl.core.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static ctl.db.schema.Tables.AUDIT_LOG;

@Command(description = "Show one audit entry.",
        footer = {"  ctl audit get 42", "  ctl audit get 42 --json | jq .changes"})
public final class AuditGet extends Task {
    @Parameters(paramLabel = "ID", description = "The entry's id.")
    long id;

    @Override
    public boolean writes() {
        return false;
    }

    @Override
    protected int run() {
        var entry = ctx.db().read(dsl -> dsl.select(AuditEntries.FIELDS).from(AUDIT_LOG).where(AUDIT_LOG.ID.eq(id)).fetchOne());
        if (entry == null) {
            throw CtlException.notFound("no audit entry " + id);
        }
        ctx.out().record(entry);
        return 0;
    }
}
