package ctl.output;

import ctl.base.CtlException;
import ctl.base.Exit;
import ctl.base.Format;
import ctl.base.Stdout;
import org.jooq.CSVFormat;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.JSONFormat;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.TXTFormat;
import org.jooq.impl.DSL;

import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Where everything a task says goes (SPEC §2): data on stdout in the chosen format;
 * status lines, notices and warnings on stderr, silenced by -q; errors always.
 * <p>
 * Text from the database is untrusted (the application stores what federation sends): every
 * table cell, CSV cell and line on stderr shows control and bidi characters in a visible form
 * ({@link #visible}; a CSV cell keeps its newlines and tabs, which its quoting holds), so none
 * can retitle, recolour or reorder the operator's terminal. JSON stays exact: its own escapes
 * cover the control characters.
 */
public final class Output {
    /** The width a list's default table fits in: a terminal's as it opens. */
    public static final int TABLE_WIDTH = 80;
    private static final int MAX_COLUMN = 60;
    private static final int MIN_COLUMN = 4;
    private static final JSONFormat JSON_LINE = JSONFormat.DEFAULT_FOR_RECORDS
            .recordFormat(JSONFormat.RecordFormat.OBJECT).format(false);
    private static final JSONFormat JSON_PRETTY = JSON_LINE.format(true).indent(2);
    private static final CSVFormat CSV = CSVFormat.DEFAULT.nullString("").emptyString("\"\"").newline("\r\n");
    private static final TXTFormat TABLE = TXTFormat.DEFAULT
            .maxRows(Integer.MAX_VALUE)
            .maxColWidth(MAX_COLUMN)
            .minColWidth(MIN_COLUMN)
            .horizontalTableBorder(false)
            .horizontalHeaderBorder(true)
            .horizontalCellBorder(false)
            .verticalTableBorder(false)
            .verticalCellBorder(false);
    private static final int CHUNK = 500;
    /** The characters of a chunk of {@link Lines}, a write. */
    private static final int CHUNK_CHARS = 64 * 1024;

    private final PrintWriter out;
    private final PrintWriter err;
    private final Format format;
    private final boolean quiet;
    private final boolean dryRun;
    /** Status lines being written by a thread of their own ({@link #statusLater}), or null. */
    private volatile Thread writing;
    private volatile Throwable writeFailed;
    /** The lines the status thread was given last: the next to fill once it is done. */
    private Lines spare;

    public Output(PrintWriter out, PrintWriter err, Format format, boolean quiet, boolean dryRun) {
        this.out = out;
        this.err = err;
        this.format = format;
        this.quiet = quiet;
        this.dryRun = dryRun;
    }

    public Format format() { return format; }

    /** A line saying what a task did: {@code User alice created}, marked under --dry-run. */
    public void status(String line) {
        settle();
        if (!quiet) {
            err.println(visible(dryRun ? line + " (dry run)" : line));
            err.flush();
        }
    }

    /**
     * Status lines by the thousand (a bulk batch's, one per row), written at one flush: stderr
     * flushes at every println, which would be a write to the terminal or file per line.
     */
    public void status(List<String> lines) {
        settle();
        writeStatus(lines);
    }

    /**
     * Status lines gathered for one write, a bulk batch's (one per row, said once it has
     * committed): each is made visible as it is added, and kept in chunks of whole lines, about a
     * byte a character, each chunk made once at its full size and reused batch after batch.
     * Issue 12: 20,000 lines a batch held as strings (the batch before being written meanwhile)
     * raised an unsubscribe's peak RSS by 7 MiB, and in one text that grew as needed by as much
     * again (an outgrown copy, once promoted, stays in the old generation); so, by 2 MiB.
     */
    public final class Lines {
        private final List<StringBuilder> chunks = new ArrayList<>();
        private int used;
        private int count;

        private Lines() {}

        /** One more line, shown as {@link #status(String)} would show it. */
        public void add(String line) {
            String text = visible(dryRun ? line + " (dry run)" : line) + System.lineSeparator();
            StringBuilder chunk = used == 0 ? null : chunks.get(used - 1);
            if (chunk == null || chunk.length() + text.length() > CHUNK_CHARS) {
                if (used == chunks.size()) {
                    chunks.add(new StringBuilder(CHUNK_CHARS)); // a longer line grows its own
                }
                chunk = chunks.get(used++);
                chunk.setLength(0);
            }
            chunk.append(text);
            count++;
        }

        public int size() {
            return count;
        }

        /** Empty again (a retried transaction starts its lines again). */
        public void clear() {
            used = 0;
            count = 0;
        }
    }

    /** Lines to fill, for {@link #statusLater} or {@link #status(Lines)}. */
    public Lines lines() {
        return new Lines();
    }

    /** The lines at once, at one flush. */
    public void status(Lines lines) {
        settle();
        write(lines);
    }

    /**
     * {@link #status(Lines)} by a thread of its own, while the caller goes on: a bulk batch's
     * lines, once it has committed, are written while the next batch runs (issue 12: 200,000
     * lines took 0.6 s of a 4 s unsubscribe). Every other call of this class waits for them
     * first, so stderr and stdout say things in the order they were called. Returns the lines
     * to fill next, empty: {@code lines} belongs to the writer until then (the two alternate).
     */
    public Lines statusLater(Lines lines) {
        settle(); // the lines given last time are written: that buffer is free again
        if (quiet || lines.size() == 0) {
            lines.clear();
            return lines;
        }
        Lines next = spare == null ? new Lines() : spare;
        next.clear();
        spare = lines;
        Thread thread = new Thread(() -> {
            try {
                write(lines);
            } catch (Throwable e) { // handed to the caller's thread at settle()
                writeFailed = e;
            }
        }, "ctl-status");
        thread.setDaemon(true);
        writing = thread;
        thread.start();
        return next;
    }

    /** Waits until the lines given to {@link #statusLater} are written. */
    public void settle() {
        Thread thread = writing;
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (writing == thread) {
            writing = null;
        }
        Throwable failed = writeFailed;
        if (failed != null) {
            writeFailed = null;
            if (failed instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) failed;
        }
    }

    private void writeStatus(List<String> lines) {
        if (!quiet && !lines.isEmpty()) {
            for (String line : lines) {
                // one write a line, ending included: a notice from another thread never splits one
                err.write(visible(dryRun ? line + " (dry run)" : line) + System.lineSeparator());
            }
            err.flush();
        }
    }

    /** {@code lines}, a write a chunk of whole lines: no line is ever split by another write to stderr. */
    private void write(Lines lines) {
        if (quiet || lines.size() == 0) {
            return;
        }
        for (int i = 0; i < lines.used; i++) {
            err.append(lines.chunks.get(i));
        }
        err.flush();
    }

    /** Anything else worth saying on stderr: progress, summaries, hints; may span lines. */
    public void notice(String text) {
        settle();
        if (!quiet) {
            err.println(visibleLines(text));
            err.flush();
        }
    }

    public void warn(String message) {
        settle();
        if (!quiet) {
            err.println("ctl: warning: " + visible(message));
            err.flush();
        }
    }

    public void error(String message) {
        settle();
        err.println("ctl: " + visible(message));
        err.flush();
    }

    /** Data on stdout outside a record: a link, a token, a completion script (whose lines are kept). */
    public void data(String text) {
        settle();
        out.println(visibleLines(text));
    }

    /**
     * True for what is never shown raw on a terminal and never accepted in a text field
     * (SPEC §6): C0 and C1 control characters, DEL, and the bidi controls that reorder a line
     * (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069).
     */
    public static boolean unsafe(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == 0x061c || c == 0x200e || c == 0x200f
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }

    /**
     * The text with every {@link #unsafe} character in a visible form: {@code \e} for ESC,
     * {@code \n}, {@code \r} and {@code \t}, {@code \xNN} for the other controls and DEL
     * (two lower-case hex digits), <code>&#92;uNNNN</code> for the bidi controls. Anything else,
     * backslashes included, is as it was: text without those characters is unchanged.
     */
    public static String visible(String text) {
        return escape(text, false);
    }

    /** Like {@link #visible}, but a newline (and a tab) stays one: for text of several lines. */
    public static String visibleLines(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean keepLines) {
        if (text == null || text.codePoints().noneMatch(c -> unsafe(c) && !(keepLines && (c == '\n' || c == '\t')))) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (!unsafe(c) || (keepLines && (c == '\n' || c == '\t'))) {
                sb.appendCodePoint(c);
            } else {
                sb.append(escaped(c));
            }
        });
        return sb.toString();
    }

    /** The visible form of one {@link #unsafe} character. */
    public static String escaped(int c) {
        return switch (c) {
            case 0x1b -> "\\e";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c <= 0xff ? String.format("\\x%02x", c) : String.format("\\u%04x", c);
        };
    }

    /**
     * What a task shows of something that exists only once its transaction commits (a token, a
     * reset link): called inside that transaction, last. A failed write throws, so the
     * transaction rolls back and no secret that nobody saw stays valid. Nothing under
     * --dry-run: the transaction is rolled back anyway.
     */
    public void beforeCommit(Runnable show) {
        settle();
        if (dryRun) {
            return;
        }
        show.run();
        out.flush();
        if (out.checkError()) {
            throw new CtlException(Exit.OUTPUT, "cannot write to standard output" + Stdout.reason(out)
                    + ": nothing was created");
        }
    }

    /**
     * The record a task created or changed, for scripts: json, jsonl and csv print it; the
     * table format prints nothing, as the task's status line already says what happened.
     */
    public void result(Record record) {
        settle();
        if (format != Format.TABLE) {
            record(record);
        }
    }

    /** A one-line form for the table format (the token, the link), the record for the others. */
    public void lineOrRecord(String line, Record record) {
        settle();
        if (format == Format.TABLE) {
            data(line);
        } else {
            record(record);
        }
    }

    /** True when stdout failed (a full disk, a closed pipe); see {@link Stdout}. */
    public boolean failed() {
        settle();
        out.flush();
        return out.checkError();
    }

    /** One record: {@code key: value} lines, one JSON object, or a CSV header and row. */
    public void record(Record given) {
        settle();
        Record record = withTimesAsText(given.fields(), given);
        switch (format) {
            case TABLE -> {
                int width = 0;
                for (Field<?> f : record.fields()) {
                    width = Math.max(width, f.getName().length());
                }
                for (Field<?> f : record.fields()) {
                    out.printf("%-" + (width + 1) + "s %s%n", f.getName() + ":", text(record.get(f)));
                }
            }
            case JSON -> out.println(pretty(json(record, JSON_PRETTY)));
            case JSONL -> out.println(json(record, JSON_LINE));
            case CSV -> out.print(asResult(record.fields(), List.of(record)).formatCSV(CSV.header(true)));
        }
    }

    /**
     * A list of records. json, jsonl and csv stream in constant memory; table buffers,
     * as aligned columns need every row first.
     */
    public void list(Field<?>[] given, Iterator<? extends Record> rows) {
        list(given, rows, 0);
    }

    /**
     * Like {@link #list(Field[], Iterator)}, with a table that fits {@code width} columns (0:
     * as wide as its cells, up to 60 each): the widest columns are narrowed, their longer cells
     * cut short with "…", never below their heading or 8 characters. json, jsonl and csv keep
     * every value whole.
     */
    public void list(Field<?>[] given, Iterator<? extends Record> rows, int width) {
        settle();
        Field<?>[] fields = timesAsText(given);
        Iterator<Record> records = new Iterator<>() {
            @Override public boolean hasNext() { return rows.hasNext(); }
            @Override public Record next() { return withTimesAsText(given, rows.next()); }
        };
        switch (format) {
            case TABLE -> out.print(fit(asText(fields, records), given, width).format(TABLE));
            case JSON -> {
                out.print("[");
                boolean first = true;
                while (records.hasNext()) {
                    out.print(first ? "\n" : ",\n");
                    out.print(json(records.next(), JSON_LINE));
                    first = false;
                }
                out.println(first ? "]" : "\n]");
            }
            case JSONL -> records.forEachRemaining(r -> out.println(json(r, JSON_LINE)));
            case CSV -> {
                boolean header = true;
                List<Record> chunk = new ArrayList<>(CHUNK);
                while (records.hasNext() || header) {
                    while (records.hasNext() && chunk.size() < CHUNK) {
                        chunk.add(records.next());
                    }
                    out.print(asResult(fields, chunk).formatCSV(CSV.header(header)));
                    header = false;
                    chunk.clear();
                }
            }
        }
        out.flush();
    }

    public void flush() {
        settle();
        out.flush();
        err.flush();
    }

    /** The record with one more field at its end: a link beside the row it belongs to. */
    public static <T> Record plus(Record record, Field<T> field, T value) {
        Field<?>[] fields = java.util.Arrays.copyOf(record.fields(), record.size() + 1);
        fields[record.size()] = field;
        Object[] values = java.util.Arrays.copyOf(record.intoArray(), record.size() + 1);
        values[record.size()] = value;
        Record r = DSL.using(org.jooq.SQLDialect.POSTGRES).newRecord(fields);
        r.fromArray(values);
        return r;
    }

    /**
     * Times in one ISO-8601 UTC form whatever their value ({@code 2026-03-01T10:00:00Z}, with a
     * fraction only when there is one), where Java's own would drop zero seconds ("10:00Z").
     */
    private static Field<?>[] timesAsText(Field<?>[] fields) {
        Field<?>[] shown = fields.clone();
        for (int i = 0; i < fields.length; i++) {
            if (Temporal.class.isAssignableFrom(fields[i].getType())) {
                shown[i] = DSL.field(DSL.name(fields[i].getName()), String.class);
            }
        }
        return shown;
    }

    private static Record withTimesAsText(Field<?>[] fields, Record record) {
        Field<?>[] shown = timesAsText(fields);
        if (java.util.Arrays.equals(shown, fields)) {
            return record;
        }
        Record r = DSL.using(org.jooq.SQLDialect.POSTGRES).newRecord(shown);
        for (int i = 0; i < fields.length; i++) {
            Object value = record.get(fields[i]);
            @SuppressWarnings("unchecked")
            Field<Object> field = (Field<Object>) shown[i];
            r.set(field, value instanceof OffsetDateTime t ? DateTimeFormatter.ISO_INSTANT.format(t) : value);
        }
        r.changed(false);
        return r;
    }

    /** The rows as text cells, so that null reads as nothing rather than jOOQ's "{null}". */
    private static Result<Record> asText(Field<?>[] fields, Iterator<? extends Record> records) {
        @SuppressWarnings("unchecked")
        Field<String>[] text = new Field[fields.length];
        for (int i = 0; i < fields.length; i++) {
            text[i] = DSL.field(DSL.name(fields[i].getName()), String.class);
        }
        var dsl = DSL.using(org.jooq.SQLDialect.POSTGRES);
        Result<Record> result = dsl.newResult(text);
        while (records.hasNext()) {
            Record r = records.next();
            Record row = dsl.newRecord(text);
            for (int i = 0; i < fields.length; i++) {
                row.set(text[i], text(r.get(fields[i])));
            }
            row.changed(false); // else jOOQ's text format marks every value with '*'
            result.add(row);
        }
        return result;
    }

    /**
     * The table's cells, the longer ones cut short with "…" so that its lines fit {@code width}:
     * only text (numbers and times stay whole).
     */
    private static Result<Record> fit(Result<Record> table, Field<?>[] given, int width) {
        int n = table.fields().length;
        if (width <= 0 || n == 0) {
            return table;
        }
        int[] widths = new int[n];
        int[] least = new int[n];
        for (int i = 0; i < n; i++) {
            String heading = table.field(i).getName();
            least[i] = Math.max(heading.length(), 8);
            widths[i] = Math.max(MIN_COLUMN, heading.length());
            for (Record r : table) {
                widths[i] = Math.max(widths[i], length(r.get(i, String.class)));
            }
            widths[i] = Math.min(widths[i], MAX_COLUMN);
            Class<?> type = given[i].getType();
            if (Number.class.isAssignableFrom(type) || Temporal.class.isAssignableFrom(type) || type == Boolean.class) {
                least[i] = widths[i];
            }
        }
        int total = java.util.Arrays.stream(widths).sum() + n - 1;
        while (total > width) {
            int widest = -1;
            for (int i = 0; i < n; i++) {
                if (widths[i] > least[i] && (widest < 0 || widths[i] > widths[widest])) {
                    widest = i;
                }
            }
            if (widest < 0) {
                break; // as narrow as it can be and still be read
            }
            widths[widest]--;
            total--;
        }
        for (Record r : table) {
            for (int i = 0; i < n; i++) {
                String cell = r.get(i, String.class);
                if (length(cell) > widths[i]) {
                    r.set(table.field(i, String.class), cell.substring(0, cell.offsetByCodePoints(0, widths[i] - 1)) + "…");
                }
            }
            r.changed(false);
        }
        return table;
    }

    private static int length(String cell) {
        return cell == null ? 0 : cell.codePointCount(0, cell.length());
    }

    /**
     * The rows for CSV, with every text value {@link #visibleLines}: a newline or tab stays, as
     * RFC 4180 quoting holds it (a reader gets the value back); every other control is shown.
     */
    private static Result<Record> asResult(Field<?>[] fields, List<? extends Record> records) {
        Result<Record> result = DSL.using(org.jooq.SQLDialect.POSTGRES).newResult(fields);
        for (Record r : records) {
            Record row = r.into(fields);
            for (int i = 0; i < fields.length; i++) {
                @SuppressWarnings("unchecked")
                Field<Object> field = (Field<Object>) fields[i];
                Object value = row.get(field);
                Object shown = visibleValue(value);
                if (shown != value) {
                    row.set(field, shown);
                }
            }
            row.changed(false);
            result.add(row);
        }
        return result;
    }

    private static Object visibleValue(Object value) {
        if (value instanceof String s) {
            return visibleLines(s);
        }
        if (value instanceof String[] array) {
            String[] shown = new String[array.length];
            boolean changed = false;
            for (int i = 0; i < array.length; i++) {
                shown[i] = visibleLines(array[i]);
                changed |= shown[i] != array[i];
            }
            return changed ? shown : array;
        }
        if (value instanceof JSONB json && json.data() != null) {
            String shown = visibleLines(json.data());
            return shown == json.data() ? json : JSONB.jsonb(shown);
        }
        return value;
    }

    /**
     * jOOQ prints a record of one field on one line ({@code { "deleted": 4 }}); every record of
     * ctl's has the same layout, a key a line, whatever its size.
     */
    private static String pretty(String json) {
        return json.startsWith("{ ") && json.endsWith(" }") && json.indexOf('\n') < 0
                ? "{\n  " + json.substring(2, json.length() - 2) + "\n}" : json;
    }

    /**
     * jOOQ escapes every '/' as "\\/": valid JSON, but links become unreadable. Undo just
     * that escape, walking escape by escape so that an escaped backslash stays one.
     */
    static String json(Record record, JSONFormat format) {
        String json = record.formatJSON(format);
        StringBuilder sb = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\' && i + 1 < json.length()) {
                char next = json.charAt(++i);
                if (next != '/') {
                    sb.append(c);
                }
                sb.append(next);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A table cell: nothing for null, and {@link #visible} so that a cell is one inert line. */
    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Object[] array) {
            return visible(java.util.Arrays.toString(array));
        }
        return visible(value.toString());
    }
}
