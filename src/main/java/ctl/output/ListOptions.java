package ctl.output;

import ctl.base.CtlException;
import ctl.base.Format;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SelectLimitStep;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What every list task takes (SPEC §2, §4.1): --fields, and --limit with --page or --offset. */
public final class ListOptions {
    static final long MAX_SKIP = Integer.MAX_VALUE;

    @Option(names = "--limit", paramLabel = "N", description = "At most N rows.")
    Integer limit;

    @Option(names = "--page", paramLabel = "N", description = "Page N (from 1) of --limit rows.")
    Integer page;

    @Option(names = "--offset", paramLabel = "N", description = "Skip the first N rows.")
    Integer offset;

    @Option(names = "--fields", paramLabel = "a,b,…", split = ",", description = "The columns to show.")
    List<String> fields;

    /** The chosen columns: --fields, else the table's short set for a table, else every field. */
    public Field<?>[] columns(Field<?>[] all, Field<?>[] forTable, Format format) {
        if (fields == null) {
            return format == Format.TABLE ? forTable : all;
        }
        List<Field<?>> chosen = new ArrayList<>();
        for (String name : fields) {
            String wanted = name.trim().toLowerCase(Locale.ROOT);
            chosen.add(Arrays.stream(all)
                    .filter(f -> f.getName().equals(wanted))
                    .findFirst()
                    .orElseThrow(() -> CtlException.usage("unknown field \"" + name + "\"; fields: "
                            + Arrays.stream(all).map(Field::getName).collect(Collectors.joining(", ")))));
        }
        return chosen.toArray(Field[]::new);
    }

    /** True when --fields chose the columns: the table then keeps every cell whole (up to 60 characters). */
    public boolean fieldsChosen() {
        return fields != null;
    }

    /** The query with this page's offset and limit; checks the options first (exit 2). */
    public <R extends Record> ResultQuery<R> page(SelectLimitStep<R> query) {
        long skip = skip();
        var offsetted = query.offset(skip);
        return limit == null ? offsetted : offsetted.limit(limit);
    }

    /**
     * Like {@link #page(SelectLimitStep)}, and when a page was asked for, says on stderr
     * which rows of how many it shows (Magistrala's total), one count query more.
     */
    public <R extends Record> ResultQuery<R> page(Output out, DSLContext dsl, SelectLimitStep<R> query) {
        if (limit != null) {
            // before paging: jOOQ's select builders change in place
            long total = dsl.fetchCount(query);
            long first = skip() + 1;
            long last = Math.min(skip() + limit, total);
            out.notice(first > total ? "Nothing on this page: " + total + " in all"
                    : "Showing " + first + "-" + last + " of " + total);
        }
        return page(query);
    }

    /** Checks the options without a query, for tasks that validate before connecting. */
    public void check() {
        skip();
    }

    /** The rows skipped: at most {@value #MAX_SKIP}, so a page never overflows into a negative offset. */
    private long skip() {
        if (limit != null && limit < 1) throw CtlException.usage("--limit must be at least 1");
        if (offset != null && offset < 0) throw CtlException.usage("--offset must not be negative");
        if (page != null && offset != null) throw CtlException.usage("use --page or --offset, not both");
        if (page != null) {
            if (page < 1) throw CtlException.usage("--page must be at least 1");
            if (limit == null) throw CtlException.usage("--page needs --limit");
            long skip = (long) (page - 1) * limit;
            if (skip > MAX_SKIP) {
                throw CtlException.usage("--page " + page + " of --limit " + limit + " would skip " + skip
                        + " rows; at most " + MAX_SKIP + " can be skipped");
            }
            return skip;
        }
        return offset == null ? 0 : offset;
    }
}
