package ctl.group;

import ctl.core.Task;
import ctl.output.ListOptions;
import org.jooq.Cursor;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import static ctl.db.schema.Tables.GROUPS;
import static ctl.db.schema.Tables.GROUP_MEMBERS;

@Command(name = "list", description = "List groups with their member counts, by name.",
        footerHeading = "%nExamples:%n", footer = {"  ctl group list", "  ctl group list --format csv"})
public final class GroupList extends Task {

    @Mixin ListOptions paging;

    @Override
    public boolean writes() {
        return false;
    }

    @Override
    protected int run() {
        Field<?>[] columns = paging.columns(Groups.LIST_FIELDS, Groups.LIST_FIELDS, ctx.out().format());
        paging.check();
        return ctx.db().transaction(dsl -> {
            var query = paging.page(ctx.out(), dsl, dsl.select(columns).from(GROUPS).orderBy(DSL.lower(GROUPS.NAME)));
            try (Cursor<Record> cursor = query.fetchSize(1000).fetchLazy()) {
                ctx.out().list(columns, cursor.iterator());
            }
            return 0;
        });
    }
}
