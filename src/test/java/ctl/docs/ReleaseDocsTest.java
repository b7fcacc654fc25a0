package ctl.docs;

import ctl.base.GlobalOptions;
import ctl.cli.Cli;
import ctl.testing.CtlRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
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
        assertTrue(page.contains("Examples:\n  ctl user rm alice"), page);
        Process man = new ProcessBuilder("man", "-l", out.resolve("man/man1/ctl-user-rm.1").toString())
                .redirectErrorStream(true).start();
        String text = read(man.getInputStream()).replaceAll("[ \t]+", " ");
        assertEquals(0, man.waitFor(), text);
        assertTrue(text.contains("ctl-user-rm - Delete a user"), text);
        assertTrue(text.contains("ctl user rm alice --purge -y"), text);
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
