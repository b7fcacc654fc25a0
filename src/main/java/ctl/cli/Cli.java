package ctl.cli;

import ctl.base.CtlException;
import ctl.base.Environment;
import ctl.base.Exit;
import ctl.base.GlobalOptions;
import ctl.core.Context;
import ctl.core.Group;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
            if (args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"))) {
                // The commonest probe of all, answered as picocli would, without building a model.
                ctx.env().stdout().println(new Ctl.Version().getVersion()[0]);
                ctx.env().stdout().flush();
                code = Exit.OK;
            } else {
                code = commandLine(ctx, options, args).execute(args);
            }
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

    /** The whole command table: for help, completion and the release's man pages. */
    public static CommandLine commandLine(Context ctx, GlobalOptions options) {
        return commandLine(ctx, options, (String[]) null);
    }

    /**
     * The command line for these arguments: the model of the one task they name, or of its
     * group when they name no task of it; the whole table for help, an unknown name, or a
     * task that describes the table. Parsing is as with the whole table.
     */
    static CommandLine commandLine(Context ctx, GlobalOptions options, String... args) {
        Factory factory = new Factory(options);
        CommandLine root = CommandModel.commandLine(new Ctl(), factory);
        List<String> path = args == null ? List.of() : invoked(root.getCommandSpec(), args);
        for (Commands.Line line : Commands.TABLE) {
            if (!path.isEmpty() && !line.answersTo(path.get(0))) {
                continue;
            }
            if (line instanceof Commands.Task task) {
                add(root, task, ctx);
            } else if (line instanceof Commands.Group group) {
                CommandLine cl = CommandModel.commandLine(new Group(), factory);
                root.addSubcommand(group.name(), cl, group.aliases().toArray(String[]::new));
                describe(cl, group.usage());
                boolean named = path.size() > 1 && group.tasks().stream().anyMatch(t -> t.answersTo(path.get(1)));
                for (Commands.Task task : group.tasks()) {
                    if (!named || task.answersTo(path.get(1))) {
                        add(cl, task, ctx);
                    }
                }
            }
        }
        finish(root, root.getCommandSpec().versionProvider(), globalOptions(root.getCommandSpec()));
        root.setOut(ctx.env().stdout());
        root.setErr(ctx.env().stderr());
        root.setCaseInsensitiveEnumValuesAllowed(true);
        root.setExecutionStrategy(parsed -> {
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
        root.setParameterExceptionHandler(usageErrors(ctx));
        root.setExecutionExceptionHandler(failures(ctx, options));
        return root;
    }

    /**
     * The group and task the arguments name ({@code [user, show]}), only the group when the
     * next word names none of its tasks, or nothing when the whole table is needed. Options
     * before the names are global ones; those that take a value skip it.
     */
    private static List<String> invoked(CommandSpec spec, String... args) {
        List<String> names = new ArrayList<>(2);
        for (int i = 0; i < args.length && names.size() < 2; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                break;
            }
            if (arg.startsWith("-")) {
                CommandLine.Model.OptionSpec option = spec.findOption(arg);
                if (option != null && option.arity().min() > 0) {
                    i++;
                }
                continue;
            }
            names.add(arg);
        }
        if (names.isEmpty()) {
            // --version needs no table; a bare `ctl` or `ctl --help` lists all of it.
            boolean version = Arrays.stream(args).anyMatch(a -> a.equals("-V") || a.equals("--version"));
            return version ? List.of("--version") : List.of(); // a name no line answers to: the top alone
        }
        boolean known = Commands.TABLE.stream().anyMatch(line -> line.answersTo(names.get(0)))
                && !Commands.WHOLE_TABLE.contains(names.get(0));
        return known ? names : List.of();
    }

    private static void add(CommandLine parent, Commands.Task task, Context ctx) {
        Object command = task.make().get();
        if (command instanceof Task t) {
            t.attach(ctx);
        }
        CommandLine cl = CommandModel.commandLine(command, parent.getFactory());
        parent.addSubcommand(task.name(), cl, task.aliases().toArray(String[]::new));
        if (command instanceof Task t && t.usage() != null) {
            describe(cl, t.usage());
        }
    }

    private static void describe(CommandLine cl, Task.Usage usage) {
        cl.getCommandSpec().usageMessage().description(usage.description())
                .footer(usage.examples().stream().map(example -> "  " + example).toArray(String[]::new));
    }

    /**
     * -V answers in every command as at the top; examples come under one heading everywhere.
     * Below the top, help is about the command: {@code Usage: ctl user show [OPTIONS] USER},
     * its own options, and the global ones in a line or two (the top's help has them in full).
     */
    private static void finish(CommandLine cl, CommandLine.IVersionProvider version, String globals) {
        CommandSpec spec = cl.getCommandSpec();
        spec.versionProvider(version);
        if (spec.usageMessage().footer().length > 0) {
            spec.usageMessage().footerHeading("%nExamples:%n");
        }
        if (spec.parent() == null) {
            cl.getHelpSectionMap().put("exitCodes", help -> exitCodes());
            List<String> keys = new ArrayList<>(cl.getHelpSectionKeys());
            keys.add("exitCodes");
            cl.setHelpSectionKeys(keys);
        } else {
            spec.usageMessage().abbreviateSynopsis(true);
            cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> help.optionListExcludingGroups(
                    help.commandSpec().options().stream()
                            .filter(o -> !o.inherited() && !o.hidden() && (o.group() == null || o.group().heading() == null))
                            .toList()) + help.optionListGroupSections());
            cl.getHelpSectionMap().put("globalOptions", help -> globals);
            List<String> keys = new ArrayList<>(cl.getHelpSectionKeys());
            if (!keys.contains("globalOptions")) { // (the keys of a parent pass to its subcommands)
                keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), "globalOptions");
                cl.setHelpSectionKeys(keys);
            }
        }
        if (!cl.getSubcommands().isEmpty()) {
            spec.usageMessage().commandListHeading("%nCommands:%n");
            cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> commandList(cl));
        }
        for (CommandLine sub : new LinkedHashSet<>(cl.getSubcommands().values())) {
            finish(sub, version, globals);
        }
    }

    /**
     * A line a command, as Thor's help has it: its names (not the other spelling of a
     * snake_case name, which every task also answers to) and the start of its description,
     * cut to 80 columns; the command's own help has all of it.
     */
    private static String commandList(CommandLine cl) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (CommandLine sub : new LinkedHashSet<>(cl.getSubcommands().values())) {
            CommandSpec spec = sub.getCommandSpec();
            List<String> names = new ArrayList<>(List.of(spec.name()));
            for (String alias : spec.aliases()) {
                if (!alias.replace('-', '_').equals(spec.name().replace('-', '_'))) {
                    names.add(alias);
                }
            }
            String[] description = spec.usageMessage().description();
            lines.put(String.join(", ", names), description.length == 0 ? "" : description[0]);
        }
        int width = Math.min(32, lines.keySet().stream().mapToInt(String::length).max().orElse(0));
        StringBuilder text = new StringBuilder();
        lines.forEach((names, description) -> {
            String start = String.format("  %-" + width + "s  ", names);
            text.append(start).append(cut(description, 80 - start.length())).append(String.format("%n"));
        });
        return text.toString();
    }

    /** The text, or if it is longer than {@code room} its first clause, or its words that fit, with "…". */
    private static String cut(String text, int room) {
        if (text.length() <= room) {
            return text;
        }
        String clause = text.replaceFirst("(; | \\().*$", "");
        if (clause.length() >= 20 && clause.length() < room) {
            return clause.endsWith(".") ? clause : clause + "…";
        }
        int end = clause.lastIndexOf(' ', room - 1);
        return clause.substring(0, end > 0 ? end : room - 1) + "…";
    }

    /** The top's last lines: every exit code in a word or two, within 80 columns. */
    private static String exitCodes() {
        StringBuilder text = new StringBuilder(String.format("%nExit codes:"));
        int column = text.length() - 1;
        for (Map.Entry<Integer, String> code : Exit.MEANINGS.entrySet()) {
            String item = " " + code.getKey() + " " + code.getValue().replaceFirst("(:| \\(|,).*", "")
                    + (code.getKey() == Exit.OUTPUT ? "." : ",");
            if (column + item.length() > 80) {
                text.append(String.format("%n"));
                item = item.substring(1);
                column = 0;
            }
            text.append(item);
            column += item.length();
        }
        return text.append(String.format("%n")).toString();
    }

    /** The global options in a few lines of at most 80 columns, for every help but the top's. */
    private static String globalOptions(CommandSpec root) {
        StringBuilder text = new StringBuilder(String.format("%nGlobal options (see `ctl --help`):%n "));
        int column = 1;
        for (CommandLine.Model.OptionSpec option : root.options()) {
            String name = option.longestName() + (option.arity().min() > 0 ? " " + option.paramLabel() : "");
            if (column + name.length() + 2 > 78) {
                text.append(String.format("%n "));
                column = 1;
            }
            text.append(column == 1 ? " " : ", ").append(name);
            column += name.length() + 2;
        }
        return text.append(String.format("%n")).toString();
    }

    /** Tasks get the context; the global options are one shared object. */
    private record Factory(GlobalOptions options) implements IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == GlobalOptions.class) {
                return cls.cast(options);
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    private static IParameterExceptionHandler usageErrors(Context ctx) {
        return (ParameterException e, String[] args) -> {
            CommandLine cl = e.getCommandLine();
            String message = e.getMessage();
            String near = "";
            if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
                String word = u.getUnmatched().get(0);
                boolean option = word.startsWith("-");
                if (!option && !cl.getSubcommands().isEmpty()) {
                    message = "unknown task '" + word + "' for " + cl.getCommandSpec().qualifiedName();
                }
                near = nearest(option ? word.replaceFirst("=.*", "") : word,
                        option ? cl.getCommandSpec().optionsMap() : cl.getSubcommands());
            }
            message = message.replaceFirst("^Error: ", "");
            ctx.out().error(lowerFirst(message) + (near.isEmpty() ? "" : "; did you mean " + near + "?")
                    + " (see `" + cl.getCommandSpec().qualifiedName() + " --help`)");
            return Exit.USAGE;
        };
    }

    /**
     * The names closest to a mistyped one ("show", or "show or shout"): those one edit away
     * (two for a longer word: a letter left out, added or changed, or two swapped), one name
     * for each command or option, none if none is that near.
     */
    static String nearest(String word, Map<String, ?> names) {
        int limit = word.replaceFirst("^-+", "").length() <= 4 ? 1 : 2;
        int best = limit + 1;
        Map<Object, String> nearest = new LinkedHashMap<>();
        for (Map.Entry<String, ?> name : names.entrySet()) {
            int d = distance(word, name.getKey());
            if (d < best) {
                best = d;
                nearest.clear();
            }
            if (d == best && nearest.size() < 3) {
                nearest.putIfAbsent(name.getValue(), name.getKey());
            }
        }
        return String.join(" or ", nearest.values());
    }

    /** Damerau–Levenshtein distance (optimal string alignment), case ignored. */
    private static int distance(String a, String b) {
        a = a.toLowerCase(java.util.Locale.ROOT);
        b = b.toLowerCase(java.util.Locale.ROOT);
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
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
