package ctl.base;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The process's stdout, remembering why a write failed: PrintWriter only says that one did.
 * A full disk is an error the run reports (exit 74); a reader that went away (a closed pipe,
 * as in {@code ctl user list | head -1}) ends the run the way SIGPIPE ends other tools.
 */
public final class Stdout extends PrintWriter {
    private final Recorder recorder;

    private Stdout(Recorder recorder) {
        super(recorder);
        this.recorder = recorder;
    }

    public static Stdout of(Writer writer) {
        return new Stdout(new Recorder(writer));
    }

    /** True when the reader went away, rather than the write failing. */
    public boolean brokenPipe() {
        return recorder.failure != null && String.valueOf(recorder.failure.getMessage()).contains("Broken pipe");
    }

    /** ": No space left on device", or nothing when unknown. */
    public static String reason(PrintWriter out) {
        return out instanceof Stdout s && s.recorder.failure != null ? ": " + s.recorder.failure.getMessage() : "";
    }

    private static final class Recorder extends FilterWriter {
        private IOException failure;

        Recorder(Writer out) {
            super(out);
        }

        @Override public void write(int c) throws IOException {
            try { super.write(c); } catch (IOException e) { throw failed(e); }
        }

        @Override public void write(char[] buf, int off, int len) throws IOException {
            try { super.write(buf, off, len); } catch (IOException e) { throw failed(e); }
        }

        @Override public void write(String str, int off, int len) throws IOException {
            try { super.write(str, off, len); } catch (IOException e) { throw failed(e); }
        }

        @Override public void flush() throws IOException {
            try { super.flush(); } catch (IOException e) { throw failed(e); }
        }

        private IOException failed(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }
}
