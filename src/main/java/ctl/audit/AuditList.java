package ctl.audit;

import org.jooq.SelectLimitStep;
import org.jooq.DSLContext;
import ctl.core.ListTask;
import ctl.base.CtlException;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static ctl.db.schema.Tables.AUDIT_LOG;

@Command(description = "List audit entries, newest first.",
        footer = {"  ctl audit list --username alice --limit 20",
                  "  ctl audit list --operation user.rm --after 2026-11-01 --before 2026-11-08T12:00:00Z",
                  "  ctl audit list --action-kind delete --format jsonl"})
public final class AuditList extends ListTask {
    private static final Set<String> KINDS = Set.of("create", "update", "delete", "execute");

    @Option(names = "--username", paramLabel = "U", description = "Entries of this OS user (the actor).") String username;
    @Option(names = "--operation", paramLabel = "OP", description = "Entries of this operation, e.g. user.rm.") String operation;
    @Option(names = "--action-kind", paramLabel = "K", description = "create, update, delete or execute.") String actionKind;
    @Option(names = "--before", paramLabel = "T", description = "Entries before T: YYYY-MM-DD or an ISO-8601 time.") String before;
    @Option(names = "--after", paramLabel = "T", description = "Entries after T: YYYY-MM-DD or an ISO-8601 time.") String after;

    @Override
    protected Columns columns() {
        return AuditEntries.LIST;
    }

    @Override
    protected void check() {
        conditions();
    }

    @Override
    protected SelectLimitStep<Record> query(DSLContext dsl, Field<?>[] columns) {
        return dsl.select(columns).from(AUDIT_LOG).where(DSL.and(conditions()))
                .orderBy(AUDIT_LOG.AT.desc(), AUDIT_LOG.ID.desc());
    }

    private List<Condition> conditions() {
        List<Condition> where = new ArrayList<>();
        if (username != null) where.add(AUDIT_LOG.ACTOR.eq(username));
        if (operation != null) where.add(AUDIT_LOG.OPERATION.eq(operation));
        if (actionKind != null) {
            if (!KINDS.contains(actionKind)) {
                throw CtlException.usage("--action-kind must be one of create, update, delete, execute");
            }
            where.add(AUDIT_LOG.ACTION_KIND.eq(actionKind));
        }
        if (before != null) where.add(AUDIT_LOG.AT.lt(time("--before", before)));
        if (after != null) where.add(AUDIT_LOG.AT.gt(time("--after", after)));
        return where;
    }

    /**
     * A date means its start, in UTC; a time without a zone is UTC too. Years 1 to 9999 only:
     * PostgreSQL's timestamptz ends in 294276, Java's times much later.
     */
    static OffsetDateTime time(String option, String text) {
        OffsetDateTime time;
        try {
            if (text.length() == 10) {
                time = LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC);
            } else {
                try {
                    time = OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    time = LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
                }
            }
        } catch (DateTimeException e) {
            time = null;
        }
        if (time == null || time.getYear() < 1 || time.getYear() > 9999) {
            throw CtlException.invalid("invalid time for " + option + " \"" + text + "\": use YYYY-MM-DD or an ISO-8601 time");
        }
        return time;
    }
}
