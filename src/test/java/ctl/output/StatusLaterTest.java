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

    @Test
    void linesWrittenLaterStillComeBeforeWhatIsSaidNext() {
        SlowWriter err = new SlowWriter();
        Output output = new Output(new PrintWriter(new StringWriter()), new PrintWriter(err, false), Format.TABLE, false, false);
        List<String> batch = new ArrayList<>(lines("Unsubscribing", 50));
        output.statusLater(batch);
        batch.clear(); // the caller reuses its list for the next batch at once
        output.statusLater(lines("Second", 20));
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
        output.statusLater(List.of("Unsubscribing \u001b]0;pwned\u0007 from x"));
        output.settle();
        assertEquals("Unsubscribing \\e]0;pwned\\x07 from x" + System.lineSeparator(), err.toString());
    }

    @Test
    void quietWritesNone() {
        StringWriter err = new StringWriter();
        Output output = new Output(new PrintWriter(new StringWriter()), new PrintWriter(err), Format.TABLE, true, false);
        output.statusLater(lines("Unsubscribing", 10));
        output.settle();
        output.error("only errors");
        assertEquals("ctl: only errors" + System.lineSeparator(), err.toString());
    }
}
