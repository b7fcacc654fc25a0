package ctl.user.invite;

import ctl.core.Task;
import ctl.output.ListOptions;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import static ctl.db.schema.Tables.INVITES;

@Command(name = "invites",
        description = "List registration invites in id order.",
        footerHeading = "%nExamples:%n",
        footer = {"  ctl user invites --active",
                  "  ctl user invites --format csv --fields id,token,email"})
public final class UserInvites extends Task {
    @Option(names = "--active", description = "Only usable invites: not revoked or used, not used up, not expired.")
    boolean active;

    @Mixin ListOptions paging;

    /** Stands for "no --fields in the table format": Pleroma's one line per invite. */

    @Override
    public boolean writes() {
        return false;
    }

    @Override
    protected int run() {
        Field<?>[] pleromaLines = Invites.FIELDS.clone();
        Field<?>[] columns = paging.columns(Invites.FIELDS, pleromaLines, ctx.out().format());
        boolean lines = columns == pleromaLines;
        paging.check();
        Condition where = active ? Invites.usable(Invites.today(ctx)) : DSL.noCondition();
        return ctx.db().transaction(dsl -> {
            if (lines) {
                ctx.out().notice("Invites list:");
            }
            var query = paging.page(ctx.out(), dsl, dsl.select(columns).from(INVITES).where(where).orderBy(INVITES.ID));
            try (Cursor<Record> cursor = query.fetchSize(1000).fetchLazy()) {
                if (lines) {
                    cursor.forEach(r -> ctx.out().data(Invites.line(r)));
                } else {
                    ctx.out().list(columns, cursor.iterator());
                }
            }
            return 0;
        });
    }
}
