package ctl.audit;

import ctl.Actor;
import ctl.Context;
import org.jooq.DSLContext;
import org.jooq.JSONEntry;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.List;

import static ctl.db.schema.Tables.AUDIT_LOG;

/**
 * One audit entry per data-changing task (SPEC §4.6), written in the task's own
 * transaction, so a rolled-back run (--dry-run included) leaves none. Parameters never
 * hold a password or a token: tasks name what they pass, one key at a time.
 */
public final class Audit {
    private final String operation;
    private final String actionKind;
    private final String target;
    private final List<JSONEntry<?>> parameters = new ArrayList<>();
    private final List<JSONEntry<?>> changes = new ArrayList<>();

    private Audit(String operation, String actionKind, String target) {
        this.operation = operation;
        this.actionKind = actionKind;
        this.target = target;
    }

    /** {@code operation} is {@code <group>.<task>} with Pleroma's task name: {@code user.new}. */
    public static Audit create(String operation, String target) { return new Audit(operation, "create", target); }
    public static Audit update(String operation, String target) { return new Audit(operation, "update", target); }
    public static Audit delete(String operation, String target) { return new Audit(operation, "delete", target); }
    public static Audit execute(String operation, String target) { return new Audit(operation, "execute", target); }
    public static Audit of(String operation, String actionKind, String target) { return new Audit(operation, actionKind, target); }

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

    public void write(DSLContext dsl, Context ctx) {
        Actor actor = ctx.actor();
        dsl.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.AT, ctx.clock().instant().atOffset(java.time.ZoneOffset.UTC))
                .set(AUDIT_LOG.ACTOR, actor.user())
                .set(AUDIT_LOG.ACTOR_HOST, actor.host())
                .set(AUDIT_LOG.OPERATION, operation)
                .set(AUDIT_LOG.ACTION_KIND, actionKind)
                .set(AUDIT_LOG.TARGET, target)
                .set(AUDIT_LOG.PARAMETERS, DSL.jsonbObject(parameters))
                .set(AUDIT_LOG.CHANGES, DSL.jsonbObject(changes))
                .execute();
    }
}
