package ctl.testing;

import ctl.base.Environment;
import ctl.base.Terminal;
import ctl.cli.Cli;
import ctl.base.Stdout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** One run of ctl through the real command line, in this JVM, with its own stdin, env and terminal. */
public final class CtlRun {
    private final Map<String, String> env = new HashMap<>();
    private byte[] stdin = new byte[0];
    private Terminal terminal = Terminal.NONE;
    private Clock clock = Clock.systemUTC();
    private String stdoutFailure;

    public CtlRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public CtlRun stdin(String input) {
        this.stdin = input.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** Stdin as raw bytes: for input that is not valid UTF-8. */
    public CtlRun stdin(byte[] input) {
        this.stdin = input.clone();
        return this;
    }

    public CtlRun terminal(Terminal terminal) {
        this.terminal = terminal;
        return this;
    }

    /** Every write to stdout fails with this message ("No space left on device", "Broken pipe"). */
    public CtlRun stdoutFailing(String message) {
        this.stdoutFailure = message;
        return this;
    }

    public CtlRun clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(environment(out, err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** The environment a run gets, writing nowhere: for tests that build the command line themselves. */
    public Environment environment() {
        return environment(new StringWriter(), new StringWriter());
    }

    private Environment environment(StringWriter out, StringWriter err) {
        return new Environment(Map.copyOf(env),
                new ByteArrayInputStream(stdin),
                stdoutFailure == null ? new PrintWriter(out) : Stdout.of(new Writer() {
                    @Override public void write(char[] buf, int off, int len) throws IOException {
                        throw new IOException(stdoutFailure);
                    }
                    @Override public void flush() {}
                    @Override public void close() {}
                }),
                new PrintWriter(err, true), terminal, clock);
    }

    /** What a run left: exit code, stdout, stderr. */
    public record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
