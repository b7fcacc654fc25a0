package ctl.cli;

import ctl.base.CtlException;
import ctl.base.Environment;
import ctl.base.Exit;
import ctl.base.GlobalOptions;
import ctl.core.Context;
import ctl.core.Task;
import ctl.db.Database;
import ctl.base.Stdout;
import org.jooq.exception.DataAccessException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one wiring point: builds the command line, hands every task the same context, and
 * turns every outcome into SPEC §2's exit codes and one-line errors. main() and the tests
 * both come through {@link #run}.
 */
public final class Cli {
    private Cli() {}

    public static int run(Environment env, String... args) {
        GlobalOptions options = new GlobalOptions();
        Context ctx = new Context(env, options);
        int code = Exit.INTERNAL;
        try {
            code = commandLine(ctx, options).execute(args);
        } finally {
            try {
                ctx.close();
            } catch (CtlException e) {
                ctx.out().error(e.getMessage());
                code = code == Exit.OK ? e.exitCode() : code;
            }
        }
        return outputChecked(ctx, code);
    }

    /** SPEC §2: a failed write to stdout is an error, not a success. */
    private static int outputChecked(Context ctx, int code) {
        if (code == Exit.OUTPUT || !ctx.out().failed()) {
            return code;
        }
        if (ctx.env().stdout() instanceof Stdout s && s.brokenPipe()) {
            return code == Exit.OK ? 141 : code; // as SIGPIPE would have ended it: 128 + 13
        }
        ctx.out().error("cannot write to standard output" + Stdout.reason(ctx.env().stdout())
                + (code == Exit.OK ? "" : " either") + ": the output is incomplete");
        return code == Exit.OK ? Exit.OUTPUT : code;
    }

    public static CommandLine commandLine(Context ctx, GlobalOptions options) {
        CommandLine cl = new CommandLine(Ctl.class, new Factory(ctx, options));
        cl.setOut(ctx.env().stdout());
        cl.setErr(ctx.env().stderr());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionStrategy(parsed -> {
            List<CommandLine> commands = parsed.asCommandLineList();
            ctx.task(commands.stream().map(CommandLine::getCommandName).collect(Collectors.joining(" ")),
                    !(commands.get(commands.size() - 1).getCommand() instanceof Task task) || task.writes());
            try {
                return new CommandLine.RunLast().execute(parsed);
            } catch (Error e) {
                // picocli hands only Exceptions to the handler: an OutOfMemoryError or a
                // StackOverflowError would otherwise end the JVM's way, with a stack trace.
                return internalError(ctx, options, e);
            }
        });
        // -V is inherited by every task, so every task answers it as the top command does.
        shareVersion(cl, cl.getCommandSpec().versionProvider());
        cl.setParameterExceptionHandler(usageErrors(ctx));
        cl.setExecutionExceptionHandler(failures(ctx, options));
        return cl;
    }

    private static void shareVersion(CommandLine cl, CommandLine.IVersionProvider version) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(version);
            shareVersion(sub, version);
        }
    }

    /** Tasks get the context; the global options are one shared object. */
    private record Factory(Context ctx, GlobalOptions options) implements IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == GlobalOptions.class) {
                return cls.cast(options);
            }
            K instance = CommandLine.defaultFactory().create(cls);
            if (instance instanceof Task task) {
                task.attach(ctx);
            }
            return instance;
        }
    }

    private static IParameterExceptionHandler usageErrors(Context ctx) {
        return (ParameterException e, String[] args) -> {
            CommandLine cl = e.getCommandLine();
            String message = e.getMessage();
            if (e instanceof UnmatchedArgumentException u && !cl.getSubcommands().isEmpty()
                    && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
                message = "unknown task '" + u.getUnmatched().get(0) + "' for " + cl.getCommandSpec().qualifiedName();
            }
            message = message.replaceFirst("^Error: ", "");
            ctx.out().error(lowerFirst(message) + " (see `" + cl.getCommandSpec().qualifiedName() + " --help`)");
            return Exit.USAGE;
        };
    }

    private static IExecutionExceptionHandler failures(Context ctx, GlobalOptions options) {
        return (Exception e, CommandLine cl, CommandLine.ParseResult parsed) -> {
            Exception failure = e instanceof DataAccessException d ? Database.translate(d) : e;
            if (failure instanceof CtlException c) {
                ctx.out().error(c.getMessage());
                if (options.verbose) {
                    c.printStackTrace(ctx.env().stderr());
                }
                return c.exitCode();
            }
            return internalError(ctx, options, failure);
        };
    }

    /** A bug, Exception or Error: one line and exit 70; the stack trace only with -v. */
    private static int internalError(Context ctx, GlobalOptions options, Throwable failure) {
        ctx.out().error("internal error: " + summary(failure)
                + (options.verbose ? "" : " (rerun with -v for the stack trace)"));
        if (options.verbose) {
            failure.printStackTrace(ctx.env().stderr());
        }
        return Exit.INTERNAL;
    }

    /** One line: a database error by its own first line (jOOQ's message carries the whole SQL). */
    private static String summary(Throwable e) {
        String text = e instanceof DataAccessException d && d.getCause() instanceof java.sql.SQLException sql
                ? "database error " + sql.getSQLState() + ": " + sql.getMessage().replaceFirst("^ERROR: ", "")
                : e.toString();
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
