package ctl.group;

import org.jooq.SelectLimitStep;
import org.jooq.DSLContext;
import ctl.core.ListTask;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import picocli.CommandLine.Command;

import static ctl.db.schema.Tables.GROUPS;
import static ctl.db.schema.Tables.GROUP_MEMBERS;

@Command(description = "List groups with their member counts, by name.",
        footer = {"  ctl group list", "  ctl group list --format csv"})
public final class GroupList extends ListTask {

    @Override
    protected Columns columns() {
        return Columns.of(Groups.LIST_FIELDS);
    }

    @Override
    protected SelectLimitStep<Record> query(DSLContext dsl, Field<?>[] columns) {
        return dsl.select(columns).from(GROUPS).orderBy(DSL.lower(GROUPS.NAME));
    }
}
