package ctl.docs;

import ctl.base.Build;
import ctl.base.Environment;
import ctl.base.GlobalOptions;
import ctl.base.Terminal;
import ctl.cli.Cli;
import ctl.core.Context;
import picocli.AutoComplete;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
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

    /** NAME from the summary, then the --help text itself, preformatted. */
    static String manPage(CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName("-");
        String[] summary = cl.getCommandSpec().usageMessage().description();
        StringWriter help = new StringWriter();
        cl.usage(new PrintWriter(help), CommandLine.Help.Ansi.OFF);
        StringBuilder page = new StringBuilder()
                .append(".TH ").append(name.toUpperCase()).append(" 1 \"").append(LocalDate.now(ZoneOffset.UTC))
                .append("\" \"ctl ").append(version()).append("\" \"ctl manual\"\n")
                .append(".SH NAME\n")
                .append(escape(name)).append(" \\- ").append(escape(summary.length == 0 ? "" : summary[0])).append('\n')
                .append(".SH DESCRIPTION\n.nf\n");
        for (String line : help.toString().split("\n", -1)) {
            page.append(line.startsWith(".") || line.startsWith("'") ? "\\&" : "").append(escape(line)).append('\n');
        }
        return page.append(".fi\n.SH SEE ALSO\nctl(1)\n").toString();
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
