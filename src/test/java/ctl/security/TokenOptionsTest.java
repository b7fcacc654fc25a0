package ctl.security;

import ctl.base.CtlException;
import ctl.base.Environment;
import ctl.base.GlobalOptions;
import ctl.base.Terminal;
import ctl.core.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §6 "every token option has a -stdin and a -file form; the argv form warns": the
 * mixin a token task takes, driven through a small command of its own as picocli parses it.
 */
class TokenOptionsTest {
    private static final String TOKEN = "Xk3v9_Qm-2ZbT7yLwR0aP5sN8uE1cH4jG6dF0iK2oBq";
    private static final String WARNING = "ctl: warning: a token given as an argument is visible in the process list; "
            + "prefer --token-stdin or --token-file\n";

    @Command(name = "probe")
    static final class Probe {
        @Parameters(paramLabel = "TOKEN", arity = "0..1") String token;
        @Mixin TokenOptions tokens;
    }

    @TempDir Path dir;
    private final StringWriter err = new StringWriter();

    private Context context(byte[] stdin) {
        Environment env = new Environment(Map.of(), new ByteArrayInputStream(stdin),
                new PrintWriter(new StringWriter()), new PrintWriter(err, true), Terminal.NONE, Clock.systemUTC());
        return new Context(env, new GlobalOptions());
    }

    private String read(byte[] stdin, String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.tokens.read(context(stdin), probe.token);
    }

    private String read(String stdin, String... args) {
        return read(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    private CtlException refused(String stdin, String... args) {
        return assertThrows(CtlException.class, () -> read(stdin, args));
    }

    @Test
    void theTokenComesFromTheFirstLineOfStdin() {
        assertEquals(TOKEN, read(TOKEN + "\nnext\n", "--token-stdin"));
        assertEquals(TOKEN, read(TOKEN + "\r\n", "--token-stdin"));
        assertEquals(TOKEN, read(TOKEN, "--token-stdin"));
        assertEquals("", err.toString());
    }

    @Test
    void theTokenComesFromTheFirstLineOfAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        assertEquals(TOKEN, read("", "--token-file", file.toString()));
        assertEquals("", err.toString());
    }

    @Test
    void theArgumentWorksButWarnsThatItIsVisibleInTheProcessList() {
        assertEquals(TOKEN, read("", TOKEN));
        assertEquals(WARNING, err.toString());
    }

    @Test
    void anIdArgumentIsNoSecretAndIsNotWarnedAbout() {
        assertEquals("42", read("", "42"));
        assertEquals("", err.toString());
    }

    @Test
    void quietSilencesTheWarning() {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(TOKEN);
        Context ctx = context(new byte[0]);
        ctx.options().quiet = true;
        assertEquals(TOKEN, probe.tokens.read(ctx, probe.token));
        assertEquals("", err.toString());
    }

    @Test
    void noSourceIsNullForReadAndExit2ForRequire() {
        assertNull(read(""));
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs();
        CtlException e = assertThrows(CtlException.class, () -> probe.tokens.require(context(new byte[0]), probe.token));
        assertEquals(2, e.exitCode());
        assertEquals("no token given: use --token-stdin or --token-file", e.getMessage());
    }

    @Test
    void twoSourcesAreExit2AndReadNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        for (String[] args : new String[][] {
                {TOKEN, "--token-stdin"}, {TOKEN, "--token-file", file.toString()},
                {"--token-stdin", "--token-file", file.toString()}}) {
            CtlException e = refused(TOKEN + "\n", args);
            assertEquals(2, e.exitCode());
            assertEquals("use one of the token argument, --token-stdin and --token-file", e.getMessage());
        }
        assertEquals("", err.toString());
    }

    @Test
    void anEmptyLineIsExit5() {
        CtlException e = refused("\n", "--token-stdin");
        assertEquals(5, e.exitCode());
        assertEquals("token from standard input is empty", e.getMessage());
    }

    @Test
    void invalidUtf8IsExit5() {
        CtlException e = assertThrows(CtlException.class,
                () -> read(new byte[] {'a', (byte) 0xE9, 'b', '\n'}, "--token-stdin"));
        assertEquals(5, e.exitCode());
        assertEquals("token from standard input is not valid UTF-8", e.getMessage());
    }

    @Test
    // the timeout guards against a hang (reading /dev/zero forever); it measures nothing
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anEndlessFileIsReadOnlyUpToTheLimitAndExits5() {
        CtlException e = assertThrows(CtlException.class, () -> read("", "--token-file", "/dev/zero"));
        assertEquals(5, e.exitCode());
        assertEquals("token from /dev/zero is longer than 4096 bytes", e.getMessage());
    }

    @Test
    void aMissingFileIsExit2() {
        CtlException e = refused("", "--token-file", dir.resolve("missing").toString());
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot read token file "), e.getMessage());
    }

    @Test
    void theHelpNamesBothOptions() {
        String usage = new CommandLine(new Probe()).getUsageMessage();
        assertTrue(usage.contains("--token-stdin") && usage.contains("--token-file=FILE"), usage);
    }
}
