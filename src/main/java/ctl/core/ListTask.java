package ctl.core;

import ctl.output.ListOptions;
import ctl.output.Output;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectLimitStep;
import picocli.CommandLine.Mixin;

/**
 * The list shape: a task that shows rows (SPEC §2, §4.1). It says which fields it has and
 * which query gives them; this class takes the list options (--fields, --limit with --page
 * or --offset), pages the query, streams the rows in the chosen format, and runs on a
 * read-only standby too.
 */
public abstract class ListTask extends Task {
    @Mixin protected ListOptions paging;

    @Override
    public final boolean writes() {
        return false;
    }

    /** Every field the list has, in order: what json, jsonl and csv show. */
    protected abstract Field<?>[] fields();

    /** What a table shows without --fields: every field, unless that is too wide to read. */
    protected Field<?>[] tableFields() {
        return fields();
    }

    /** Checks the task's own options before anything connects (exit 2 or 5). */
    protected void check() {}

    /** The rows, of the columns asked for, ordered; it is paged here. */
    protected abstract SelectLimitStep<Record> query(DSLContext dsl, Field<?>[] columns);

    /** Says what comes before the rows, if anything (a heading on stderr). */
    protected void heading(Field<?>[] columns) {}

    /** Shows the rows: the list in the chosen format, streamed. */
    protected void show(Field<?>[] columns, Cursor<Record> rows) {
        ctx.out().list(columns, rows.iterator(), tableWidth());
    }

    /** The width the table fits, cutting long text cells short; 0, the default: as wide as its cells. */
    protected int tableWidth() {
        return 0;
    }

    /** For a task whose default table is made to fit 80 columns: that, unless --fields chose the columns. */
    protected final int fitted() {
        return paging.fieldsChosen() ? 0 : Output.TABLE_WIDTH;
    }

    @Override
    protected final int run() {
        check();
        Field<?>[] columns = paging.columns(fields(), tableFields(), ctx.out().format());
        paging.check();
        return ctx.db().read(dsl -> {
            heading(columns);
            try (Cursor<Record> rows = paging.page(ctx.out(), dsl, query(dsl, columns)).fetchSize(1000).fetchLazy()) {
                show(columns, rows);
            }
            return 0;
        });
    }
}
