package ctl.cli;

import ctl.base.Environment;
import ctl.base.GlobalOptions;
import ctl.base.Terminal;
import ctl.core.Context;
import ctl.core.Task;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §2: a bug is one line and exit 70, whatever was thrown. picocli hands only Exceptions
 * to the execution-exception handler, so an Error (an OutOfMemoryError, a StackOverflowError)
 * is caught where the wiring runs the task.
 */
class InternalErrorTest {
    @Command(name = "boom")
    static final class Boom extends Task {
        @Override
        protected int run() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    private record Run(int code, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        Environment env = new Environment(Map.of(), new ByteArrayInputStream(new byte[0]),
                new PrintWriter(new StringWriter()), new PrintWriter(err, true), Terminal.NONE, Clock.systemUTC());
        GlobalOptions options = new GlobalOptions();
        Context ctx = new Context(env, options);
        Boom boom = new Boom();
        boom.attach(ctx);
        CommandLine cl = Cli.commandLine(ctx, options);
        cl.addSubcommand("boom", boom);
        int code = cl.execute(args);
        ctx.close();
        return new Run(code, err.toString());
    }

    @Test
    void anOutOfMemoryErrorIsOneLineAndExit70() {
        Run r = run("boom");
        assertEquals(70, r.code(), r::toString);
        assertEquals("ctl: internal error: java.lang.OutOfMemoryError: Java heap space"
                + " (rerun with -v for the stack trace)\n", r.err());
    }

    @Test
    void verboseShowsTheErrorsStackTrace() {
        Run r = run("boom", "-v");
        assertEquals(70, r.code(), r::toString);
        assertTrue(r.err().startsWith("ctl: internal error: java.lang.OutOfMemoryError: Java heap space\n"), r::toString);
        assertTrue(r.err().contains("\tat "), r::toString);
    }
}
