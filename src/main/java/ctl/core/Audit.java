package ctl.core;

import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Field;
import org.jooq.JSONEntry;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static ctl.db.schema.Tables.AUDIT_LOG;

/**
 * One audit entry per data-changing task (SPEC §4.6), written in the task's own
 * transaction, so a rolled-back run (--dry-run included) leaves none. The operation is the
 * command's own name from the command table ({@code user.rm}), never typed by a task.
 * Parameters never hold a password or a token: tasks name what they pass, one key at a time.
 *
 * <p>A bulk run's entry is written with its first batch and updated in each batch's own
 * transaction ({@link #open}, {@link #progress}): see {@code ctl.bulk.BulkRun}.
 */
public final class Audit {
    public static final String FINISHED = "finished";
    public static final String STOPPED = "stopped";
    public static final String UNFINISHED = "unfinished";

    private final String actionKind;
    private final String target;
    private final List<JSONEntry<?>> parameters = new ArrayList<>();
    private final List<JSONEntry<?>> changes = new ArrayList<>();

    private Audit(String actionKind, String target) {
        this.actionKind = actionKind;
        this.target = target;
    }

    public static Audit create(String target) { return new Audit("create", target); }
    public static Audit update(String target) { return new Audit("update", target); }
    public static Audit delete(String target) { return new Audit("delete", target); }
    public static Audit execute(String target) { return new Audit("execute", target); }

    public String target() { return target; }

    public Audit param(String key, Object value) {
        if (value != null) {
            parameters.add(DSL.jsonEntry(key, DSL.val(value)));
        }
        return this;
    }

    public Audit change(String key, Object value) {
        changes.add(DSL.jsonEntry(key, DSL.val(value)));
        return this;
    }

    /** Writes the entry of a task that did its work in this one transaction. */
    public void write(DSLContext dsl, Context ctx) {
        insert(dsl, ctx, DSL.jsonbObject(changes), FINISHED, null);
    }

    /**
     * Writes a bulk run's entry, unfinished, with the counts of its first transaction, linked
     * to the last entry of the same operation and target that did not finish (the run this
     * one resumes). Returns its id.
     */
    public long open(DSLContext dsl, Context ctx, Map<String, Long> counts) {
        Long resumes = dsl.select(AUDIT_LOG.ID).from(AUDIT_LOG)
                .where(AUDIT_LOG.OPERATION.eq(ctx.operation()))
                .and(target == null ? AUDIT_LOG.TARGET.isNull() : AUDIT_LOG.TARGET.eq(target))
                .and(AUDIT_LOG.STATUS.ne(FINISHED))
                .orderBy(AUDIT_LOG.ID.desc())
                .limit(1)
                .fetchOne(AUDIT_LOG.ID);
        return insert(dsl, ctx, DSL.val(json(counts)), UNFINISHED, resumes);
    }

    /** A bulk run's counts so far, and how it stands: unfinished, finished, or stopped (why). */
    public static void progress(DSLContext dsl, long id, Map<String, Long> counts, String status, String reason) {
        dsl.update(AUDIT_LOG)
                .set(AUDIT_LOG.CHANGES, json(counts))
                .set(AUDIT_LOG.STATUS, status)
                .set(AUDIT_LOG.REASON, reason)
                .where(AUDIT_LOG.ID.eq(id))
                .execute();
    }

    private long insert(DSLContext dsl, Context ctx, org.jooq.Field<JSONB> changed, String status, Long resumes) {
        Actor actor = ctx.actor();
        return dsl.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.AT, ctx.clock().instant().atOffset(ZoneOffset.UTC))
                .set(AUDIT_LOG.ACTOR, actor.user())
                .set(AUDIT_LOG.ACTOR_HOST, actor.host())
                .set(AUDIT_LOG.OPERATION, ctx.operation())
                .set(AUDIT_LOG.ACTION_KIND, actionKind)
                .set(AUDIT_LOG.TARGET, target)
                .set(AUDIT_LOG.PARAMETERS, DSL.jsonbObject(parameters))
                .set(AUDIT_LOG.CHANGES, changed)
                .set(AUDIT_LOG.STATUS, status)
                .set(AUDIT_LOG.RESUMES, resumes)
                .returning(AUDIT_LOG.ID)
                .fetchOne(AUDIT_LOG.ID);
    }

    /** Counts as a JSON object, in the order they were first counted. */
    private static JSONB json(Map<String, Long> counts) {
        StringBuilder sb = new StringBuilder("{");
        counts.forEach((key, n) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append('"').append(key).append("\": ").append(n);
        });
        return JSONB.jsonb(sb.append('}').toString());
    }
}
