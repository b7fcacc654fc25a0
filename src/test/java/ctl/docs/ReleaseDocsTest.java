package ctl.docs;

import ctl.base.GlobalOptions;
import ctl.cli.Cli;
import ctl.testing.CtlRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release's man pages and completion scripts (SPEC §8), written as the build writes
 * them: by a real process, because picocli reports a badly formatted help text (a stray
 * '%') on the JVM's own stderr, which only a separate process shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseDocsTest {
    @TempDir static Path out;
    private String stderr;

    @BeforeAll
    void writeDocs() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "ctl.docs.ReleaseDocs", out.toString()).start();
        p.getOutputStream().close();
        var err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        read(p.getInputStream());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        stderr = err.get();
        assertEquals(0, p.exitValue(), stderr);
    }

    @Test
    void everyHelpTextFormatsWithoutAWarning() {
        assertEquals("", stderr);
    }

    @Test
    void thereIsAManPageForEveryCommandOfTheTable() throws IOException {
        List<String> expected = new ArrayList<>();
        collect(Cli.commandLine(new ctl.core.Context(new CtlRun().environment(), new GlobalOptions()), new GlobalOptions()), expected);
        try (Stream<Path> pages = Files.list(out.resolve("man/man1"))) {
            assertEquals(expected.stream().sorted().toList(),
                    pages.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private static void collect(CommandLine cl, List<String> names) {
        names.add(cl.getCommandSpec().qualifiedName("-") + ".1");
        for (CommandLine sub : new LinkedHashSet<>(cl.getSubcommands().values())) {
            collect(sub, names);
        }
    }

    @Test
    void aManPageRendersWithItsNameSummaryAndExamples() throws Exception {
        String page = Files.readString(out.resolve("man/man1/ctl-user-rm.1"));
        assertTrue(page.startsWith(".TH CTL-USER-RM 1 "), page);
        assertTrue(page.contains(".SH NAME\nctl\\-user\\-rm \\- Delete a user"), page);
        assertTrue(page.contains(".SH EXAMPLES\n.nf\nctl user rm alice\n"), page);
        Process man = new ProcessBuilder("man", "-l", out.resolve("man/man1/ctl-user-rm.1").toString())
                .redirectErrorStream(true).start();
        String text = read(man.getInputStream()).replaceAll("[ \t]+", " ");
        assertEquals(0, man.waitFor(), text);
        assertTrue(text.contains("ctl-user-rm - Delete a user"), text);
        assertTrue(text.contains("ctl user rm alice --purge -y"), text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void everyPageHasManSectionsAndFitsEightyColumnsInMan(String page) throws Exception {
        String roff = Files.readString(out.resolve("man/man1").resolve(page));
        boolean task = !roff.contains(".SH COMMANDS\n");
        for (String section : task ? List.of("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "EXAMPLES", "SEE ALSO")
                : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "EXIT STATUS", "SEE ALSO")) {
            assertTrue(roff.contains("\n.SH " + section + "\n"), page + " lacks " + section);
        }
        ProcessBuilder builder = new ProcessBuilder("man", "-l", out.resolve("man/man1").resolve(page).toString());
        builder.environment().put("MANWIDTH", "80");
        Process man = builder.start();
        var err = CompletableFuture.supplyAsync(() -> read(man.getErrorStream()));
        String text = read(man.getInputStream()).replaceAll(".\b", ""); // bold and underline, by overstriking
        assertEquals(0, man.waitFor(), text);
        assertEquals("", err.get(), "man's warnings");
        for (String line : text.split("\n")) {
            assertTrue(line.length() <= 80, () -> page + ": over 80 columns: " + line);
        }
        if (!page.equals("ctl.1")) {
            assertTrue(text.contains("SEE ALSO\n       ctl"), text);
        }
    }

    static List<String> pages() throws IOException {
        try (Stream<Path> pages = Files.list(out.resolve("man/man1"))) {
            return pages.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aTaskPageNamesItsOwnOptionsTheGlobalOnesInCtl1AndTheGroupsOtherTasks() throws IOException {
        String page = Files.readString(out.resolve("man/man1/ctl-user-rm.1"));
        assertTrue(page.contains(".SH SYNOPSIS\n.B ctl user rm\n[OPTIONS] USER\n"), page);
        assertTrue(page.contains(".TP\n\\fB\\-\\-purge\\fR\n"), page);
        assertFalse(page.contains("\\fB\\-\\-database\\-url\\fR \\fIURL"), "the global options are in ctl(1): " + page);
        assertTrue(page.contains("see\n.BR ctl (1)."), page);
        assertTrue(page.contains(".BR ctl\\-user (1),\n.BR ctl\\-user\\-new (1),"), page);
        assertTrue(page.contains(".B 74\nstandard output could not be written"), page);
        String top = Files.readString(out.resolve("man/man1/ctl.1"));
        assertTrue(top.contains(".TP\n\\fB\\-\\-database\\-url\\fR \\fIURL\\fR\n"), top);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ctl user rm alice                                | ctl user rm alice",
            "ctl token login alice   # asks for the password on a terminal, then prints | "
                    + "# asks for the password on a terminal, then prints/ctl token login alice",
            "ctl audit list --operation user.rm --after 2026-11-01 --before 2026-11-08T12:00:00Z | "
                    + "ctl audit list --operation user.rm --after 2026-11-01 --before \\/    2026-11-08T12:00:00Z",
    })
    void anExampleTooWideForManIsSetOnLinesThatFit(String example, String lines) {
        assertEquals(List.of(lines.split("/")), ReleaseDocs.fit(example, ReleaseDocs.EXAMPLE_COLUMNS));
    }

    @Test
    void theCompletionScriptsAreTheOnesCtlPrints() throws IOException {
        assertEquals(new CtlRun().run("completion", "bash").out(), Files.readString(out.resolve("completion/ctl.bash")) + "\n");
        assertEquals(new CtlRun().run("completion", "zsh").out(), Files.readString(out.resolve("completion/_ctl.zsh")) + "\n");
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
