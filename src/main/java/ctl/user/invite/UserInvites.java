package ctl.user.invite;

import org.jooq.SelectLimitStep;
import org.jooq.DSLContext;
import ctl.core.ListTask;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import static ctl.db.schema.Tables.INVITES;

@Command(description = "List registration invites in id order.",
        footer = {"  ctl user invites --active",
                  "  ctl user invites --format csv --fields id,token,email"})
public final class UserInvites extends ListTask {
    @Option(names = "--active", description = "Only usable invites: not revoked or used, not used up, not expired.")
    boolean active;

    /** Stands for "no --fields in the table format": Pleroma's one line per invite. */
    private Field<?>[] pleromaLines;

    @Override
    protected Columns columns() {
        pleromaLines = Invites.FIELDS.clone();
        return new Columns(Invites.FIELDS, pleromaLines, false);
    }

    @Override
    protected SelectLimitStep<Record> query(DSLContext dsl, Field<?>[] columns) {
        Condition where = active ? Invites.usable(Invites.today(ctx)) : DSL.noCondition();
        return dsl.select(columns).from(INVITES).where(where).orderBy(INVITES.ID);
    }

    @Override
    protected void heading(Field<?>[] columns) {
        if (columns == pleromaLines) {
            ctx.out().notice("Invites list:");
        }
    }

    @Override
    protected void show(Field<?>[] columns, Cursor<Record> rows) {
        if (columns == pleromaLines) {
            rows.forEach(r -> ctx.out().data(Invites.line(r)));
        } else {
            super.show(columns, rows);
        }
    }
}
