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

    /**
     * What a list has: every field, in order (what json, jsonl and csv show); the columns a
     * table shows without --fields; and whether that table is fitted to 80 columns, long text
     * cut short with "…" (never with --fields, never in the machine formats).
     */
    public record Columns(Field<?>[] all, Field<?>[] table, boolean fitted) {
        /** Every field, in the table too, as wide as its cells. */
        public static Columns of(Field<?>... all) {
            return new Columns(all, all, false);
        }
    }

    /** The list's fields: usually its entity home's ({@code Users.LIST}). */
    protected abstract Columns columns();

    /** Checks the task's own options before anything connects (exit 2 or 5). */
    protected void check() {}

    /** The rows, of the columns asked for, ordered; it is paged here. */
    protected abstract SelectLimitStep<Record> query(DSLContext dsl, Field<?>[] columns);

    /** Says what comes before the rows, if anything (a heading on stderr). */
    protected void heading(Field<?>[] columns) {}

    /** Shows the rows: the list in the chosen format, streamed. */
    protected void show(Field<?>[] columns, Cursor<Record> rows) {
        ctx.out().list(columns, rows.iterator(), tableWidth);
    }

    /** The width the table is fitted to (0: as wide as its cells), once the options are parsed. */
    private int tableWidth;

    @Override
    protected final int run() {
        check();
        Columns fields = columns();
        Field<?>[] columns = paging.columns(fields.all(), fields.table(), ctx.out().format());
        tableWidth = fields.fitted() && !paging.fieldsChosen() ? Output.TABLE_WIDTH : 0;
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
