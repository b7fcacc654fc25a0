package ctl.docs;

import ctl.base.Build;
import ctl.base.Exit;
import ctl.base.Environment;
import ctl.base.GlobalOptions;
import ctl.base.Terminal;
import ctl.cli.Cli;
import ctl.core.Context;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes what the release bundle carries besides the code (SPEC §8): a man page for every
 * command of the table and the bash and zsh completion scripts. Run by the build
 * ({@code prepare-package}); the pages are the commands' own --help, so they never drift.
 */
public final class ReleaseDocs {
    private ReleaseDocs() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        CommandLine root = Cli.commandLine(new Context(quiet(), new GlobalOptions()), new GlobalOptions());
        Path man = Files.createDirectories(out.resolve("man/man1"));
        writeManPages(root, man);
        Path completion = Files.createDirectories(out.resolve("completion"));
        String bash = AutoComplete.bash("ctl", root);
        Files.writeString(completion.resolve("ctl.bash"), bash);
        Files.writeString(completion.resolve("_ctl.zsh"),
                "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + bash);
    }

    private static void writeManPages(CommandLine cl, Path dir) throws IOException {
        Files.writeString(dir.resolve(cl.getCommandSpec().qualifiedName("-") + ".1"), manPage(cl));
        for (CommandLine sub : new LinkedHashSet<>(cl.getSubcommands().values())) {
            writeManPages(sub, dir);
        }
    }

    /**
     * A page as man(7) has it: NAME, SYNOPSIS, DESCRIPTION, COMMANDS (of the top and of a
     * group), OPTIONS (a task's own; the global ones in full in ctl(1) only), EXIT STATUS,
     * EXAMPLES, SEE ALSO (the group and its other tasks). Text is left to man to fill, so it
     * fits the reader's terminal; only the examples are set as they are.
     */
    static String manPage(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        String name = spec.qualifiedName("-");
        String[] description = text(spec.usageMessage().description());
        StringBuilder page = new StringBuilder()
                .append(".TH ").append(name.toUpperCase(Locale.ROOT)).append(" 1 \"").append(LocalDate.now(ZoneOffset.UTC))
                .append("\" \"ctl ").append(version()).append("\" \"ctl manual\"\n")
                .append(".SH NAME\n")
                .append(escape(name)).append(" \\- ").append(escape(description.length == 0 ? "" : description[0])).append('\n')
                .append(".SH SYNOPSIS\n")
                .append(".B ").append(escape(spec.qualifiedName())).append('\n')
                .append(escape(cl.getHelp().abbreviatedSynopsis().strip().substring(spec.qualifiedName().length()).strip()))
                .append('\n')
                .append(".SH DESCRIPTION\n");
        for (String line : description) {
            page.append(escape(line)).append('\n');
        }
        List<CommandLine> subs = new ArrayList<>(new LinkedHashSet<>(cl.getSubcommands().values()));
        if (!subs.isEmpty()) {
            page.append(".SH COMMANDS\n");
            for (CommandLine sub : subs) {
                String[] summary = text(sub.getCommandSpec().usageMessage().description());
                page.append(".TP\n.B ").append(escape(String.join(", ", names(sub.getCommandSpec())))).append('\n')
                        .append(escape(summary.length == 0 ? "" : summary[0])).append('\n');
            }
        }
        boolean top = spec.parent() == null;
        List<PositionalParamSpec> parameters = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden() && o.inherited() == false).toList();
        page.append(".SH OPTIONS\n");
        for (PositionalParamSpec p : parameters) {
            page.append(".TP\n.I ").append(escape(p.paramLabel())).append('\n')
                    .append(escape(String.join(" ", text(p.description())))).append('\n');
        }
        for (OptionSpec o : options) {
            page.append(".TP\n").append(optionNames(o)).append('\n')
                    .append(escape(String.join(" ", text(o.description())))).append('\n');
        }
        if (!top) {
            page.append(parameters.isEmpty() && options.isEmpty() ? "" : ".PP\n").append("The global options (\\fB\\-\\-database\\-url\\fR, \\fB\\-\\-dry\\-run\\fR, \\fB\\-\\-json\\fR, "
                    + "\\fB\\-y\\fR, \\fB\\-q\\fR, …) work here too; see\n.BR ctl (1).\n");
        }
        page.append(".SH EXIT STATUS\n");
        Exit.MEANINGS.forEach((code, meaning) -> page.append(".TP\n.B ").append(code).append('\n')
                .append(escape(meaning)).append('\n'));
        String[] examples = text(spec.usageMessage().footer());
        if (examples.length > 0 && !examples[0].isEmpty()) {
            page.append(".SH EXAMPLES\n.nf\n");
            for (String example : examples) {
                for (String line : fit(example.strip(), EXAMPLE_COLUMNS)) {
                    page.append(line.startsWith(".") || line.startsWith("'") ? "\\&" : "").append(escape(line)).append('\n');
                }
            }
            page.append(".fi\n");
        }
        page.append(".SH SEE ALSO\n");
        List<String> see = new ArrayList<>();
        CommandSpec parent = spec.parent();
        if (parent != null) {
            see.add(parent.qualifiedName("-"));
            new LinkedHashSet<>(parent.subcommands().values()).stream()
                    .map(sub -> sub.getCommandSpec().qualifiedName("-"))
                    .filter(other -> !other.equals(name) && parent.parent() != null)
                    .forEach(see::add);
        }
        subs.forEach(sub -> see.add(sub.getCommandSpec().qualifiedName("-")));
        page.append(String.join(",\n", see.stream().map(page1 -> ".BR " + escape(page1) + " (1)").toList())).append('\n');
        return page.toString();
    }

    /** What an example line may take: man sets it 7 columns in, and a terminal has 80. */
    static final int EXAMPLE_COLUMNS = 72;

    /**
     * An example in lines that fit: a trailing comment goes on a line of its own above the
     * command, and a command still too long is continued after a backslash, as in a script.
     */
    static List<String> fit(String example, int columns) {
        List<String> lines = new ArrayList<>();
        String command = example;
        int comment = example.indexOf("  # ");
        if (example.length() > columns && comment > 0) {
            lines.add(example.substring(comment).strip());
            command = example.substring(0, comment).strip();
        }
        String indent = "";
        while ((indent + command).length() > columns) {
            int cut = command.lastIndexOf(' ', columns - indent.length() - 2);
            if (cut <= 0) {
                break;
            }
            lines.add(indent + command.substring(0, cut) + " \\");
            command = command.substring(cut + 1);
            indent = "    ";
        }
        lines.add(indent + command);
        return lines;
    }

    /** A help text's lines as picocli shows them: a %n starts a line, %% is a %. */
    private static String[] text(String[] lines) {
        return String.join("\n", lines).replace("%n", "\n").replace("%%", "%").replaceAll("\n+", "\n")
                .strip().split("\n");
    }

    private static List<String> names(CommandSpec spec) {
        List<String> names = new ArrayList<>(List.of(spec.name()));
        names.addAll(List.of(spec.aliases()));
        return names;
    }

    private static String optionNames(OptionSpec o) {
        String label = o.arity().min() > 0 ? " \\fI" + escape(o.paramLabel()) + "\\fR" : "";
        return String.join(", ", Arrays.stream(o.names()).map(n -> "\\fB" + escape(n) + "\\fR" + label).toList());
    }

    private static String escape(String text) {
        return text.replace("\\", "\\e").replace("-", "\\-");
    }

    private static String version() {
        return Build.version();
    }

    private static Environment quiet() {
        StringWriter sink = new StringWriter();
        return new Environment(Map.of(), InputStream.nullInputStream(), new PrintWriter(sink), new PrintWriter(sink),
                Terminal.NONE, Clock.systemUTC());
    }
}
