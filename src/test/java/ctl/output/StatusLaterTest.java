package ctl.output;

import ctl.base.Format;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bulk batch's status lines are written by a thread of their own while the next batch runs
 * ({@link Output#statusLater}); whatever is said next still comes after them, in the order of
 * the calls, even when the terminal is slow.
 */
class StatusLaterTest {
    /** A terminal that takes a millisecond a write, so that the lines are still being written when the next call comes. */
    private static final class SlowWriter extends Writer {
        final StringWriter text = new StringWriter();

        @Override
        public void write(char[] chars, int offset, int length) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            text.write(chars, offset, length);
        }

        @Override public void flush() {}
        @Override public void close() {}
    }

    private static List<String> lines(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> prefix + " " + i).toList();
    }

    private static Output.Lines filled(Output.Lines lines, List<String> each) {
        each.forEach(lines::add);
        return lines;
    }

    @Test
    void linesWrittenLaterStillComeBeforeWhatIsSaidNext() {
        SlowWriter err = new SlowWriter();
        Output output = new Output(new PrintWriter(new StringWriter()), new PrintWriter(err, false), Format.TABLE, false, false);
        Output.Lines next = output.statusLater(filled(output.lines(), lines("Unsubscribing", 50)));
        assertEquals(0, next.size());
        // the caller fills the next batch's lines at once, while the first are still being written
        output.statusLater(filled(next, lines("Second", 20)));
        output.notice("Deactivating spammer@bad.example");
        output.error("lock timeout");

        List<String> expected = new ArrayList<>(lines("Unsubscribing", 50));
        expected.addAll(lines("Second", 20));
        expected.add("Deactivating spammer@bad.example");
        expected.add("ctl: lock timeout");
        assertEquals(String.join(System.lineSeparator(), expected) + System.lineSeparator(), err.text.toString());
    }

    @Test
    void theirControlCharactersAreShownAsOnAnyStatusLine() {
        StringWriter err = new StringWriter();
        Output output = new Output(new PrintWriter(new StringWriter()), new PrintWriter(err), Format.TABLE, false, false);
        output.statusLater(filled(output.lines(), List.of("Unsubscribing \u001b]0;pwned\u0007 from x")));
        output.settle();
        assertEquals("Unsubscribing \\e]0;pwned\\x07 from x" + System.lineSeparator(), err.toString());
    }

    @Test
    void quietWritesNone() {
        StringWriter err = new StringWriter();
        Output output = new Output(new PrintWriter(new StringWriter()), new PrintWriter(err), Format.TABLE, true, false);
        output.statusLater(filled(output.lines(), lines("Unsubscribing", 10)));
        output.settle();
        output.error("only errors");
        assertEquals("ctl: only errors" + System.lineSeparator(), err.toString());
    }

    /** Written in chunks, each of whole lines: a writer that records each write sees no line cut. */
    @Test
    void manyLinesAreWrittenInChunksOfWholeLines() {
        List<String> writes = new ArrayList<>();
        Writer recording = new Writer() {
            @Override public void write(char[] chars, int offset, int length) { writes.add(new String(chars, offset, length)); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        Output output = new Output(new PrintWriter(new StringWriter()), new PrintWriter(recording, false), Format.TABLE, false, false);
        List<String> expected = new ArrayList<>(lines("Unsubscribing follower number", 5000));
        expected.add(2500, "x".repeat(100_000)); // longer than a chunk: written whole
        output.statusLater(filled(output.lines(), expected));
        output.settle();

        String sep = System.lineSeparator();
        assertEquals(String.join(sep, expected) + sep, String.join("", writes));
        assertTrue(writes.size() > 2, "written in chunks: " + writes.size());
        for (String write : writes) {
            assertTrue(write.endsWith(sep), "a write ends a line: ..." + write.substring(Math.max(0, write.length() - 40)));
        }
    }
}
