package ctl.launcher;

import ctl.testing.TestDatabase;
import ctl.testing.TestServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * README's examples stay true: its ```sh blocks, run in the order a reader meets them, in one bash
 * session through bin/ctl on a fresh migrated database. Each command (a line, or lines joined by a
 * trailing `|` or `\`) exits 0, every part of a pipeline included, unless its comment says
 * `# exits N`. A ```crontab line runs too, by its command, and must be silent, as cron mails output.
 */
class ReadmeExamplesIT {
    /** What the examples take for granted: a password in $PASS, a home, a directory to work in. */
    private static final String PASS = "correct horse battery staple";

    @Test
    void theTaskReferenceRunsInOrderOnAFreshDatabase(@TempDir Path dir) throws Exception {
        List<Example> examples = examples("## Tasks");
        assertTrue(examples.size() > 40, () -> "the task reference's examples: " + examples);
        runOnAFreshDatabase(examples, dir);
    }

    @Test
    void theQuickStartsFirstCommandCreatesAliceWithAResetLink(@TempDir Path dir) throws Exception {
        // `mvn verify` is the suite this test is part of; the rest runs on a database of its own,
        // as the quick start's alice is the task reference's alice too.
        List<Example> examples = examples("## On a fresh machine").stream()
                .filter(e -> !e.text().startsWith("mvn ")).toList();
        assertEquals(1, examples.size(), examples::toString);
        List<Ran> ran = runOnAFreshDatabase(examples, dir);
        assertTrue(ran.get(0).out().contains("/password_reset/"), ran.get(0)::toString);
    }

    record Example(int line, String block, String text) {
        int expectedExit() {
            Matcher m = Pattern.compile("#.*\\bexits (\\d+)").matcher(text);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }

        /** The command as the session runs it. */
        String command() {
            String command = text;
            if (block.equals("crontab")) {
                // minute hour day month weekday, then the command, installed in /opt/ctl
                command = command.replaceFirst("^(\\S+\\s+){5}", "").replace("/opt/ctl/bin/ctl", "bin/ctl");
            }
            // Written to the working directory's etc/, never the machine's
            command = command.replace("> /etc/", "> etc/");
            if (command.contains("completion zsh")) {
                return "zsh -c " + quoted(command);
            }
            if (command.matches("(?s).*#\\s*asks\\b.*")) {
                // A prompt needs a terminal: script(1) gives it one, and $PASS is typed twice.
                return "printf '%s\\n%s\\n' \"$PASS\" \"$PASS\" | script -qec "
                        + quoted(command.replaceFirst("\\s*#.*$", "")) + " /dev/null";
            }
            return command;
        }

        @Override
        public String toString() {
            return "README.md:" + line + ": " + text;
        }
    }

    record Ran(Example example, int code, String out, String err) {
        @Override
        public String toString() {
            return example + "\nran as: " + example.command() + "\nexit " + code
                    + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** The ```sh and ```crontab commands of README's top-level section under this heading, in order. */
    static List<Example> examples(String heading) throws IOException {
        List<String> lines = Files.readAllLines(Launch.HOME.resolve("README.md"));
        int start = lines.indexOf(heading);
        assertTrue(start >= 0, "README.md has " + heading);
        List<Example> examples = new ArrayList<>();
        String block = null;
        StringBuilder command = new StringBuilder();
        int commandLine = 0;
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (block == null && line.startsWith("## ")) {
                break;
            } else if (line.startsWith("```")) {
                block = block == null ? line.substring(3).trim() : null;
            } else if (block != null && (block.equals("sh") || block.equals("crontab")) && !line.isBlank()) {
                if (command.isEmpty()) {
                    commandLine = i + 1;
                }
                command.append(line);
                if (line.matches(".*[|\\\\]\\s*")) {
                    command.append('\n');
                } else {
                    examples.add(new Example(commandLine, block, command.toString()));
                    command.setLength(0);
                }
            }
        }
        return examples;
    }

    /**
     * One bash session (so `TOKEN=$(…)` carries to the next example) with pipefail, each example's
     * streams and status in files of its own; it stops at the first example that fails.
     */
    private static List<Ran> runOnAFreshDatabase(List<Example> examples, Path dir) throws Exception {
        for (String tool : new String[] {"jq", "zsh", "script"}) {
            if (new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() != 0) {
                fail(tool + " is not installed (apt-get install " + tool + "; .ci/run does): README's examples use it");
            }
        }
        Path work = Files.createDirectories(dir.resolve("work"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.createDirectories(work.resolve("etc/bash_completion.d"));
        Files.createSymbolicLink(work.resolve("bin"), Launch.HOME.resolve("bin"));

        StringBuilder script = new StringBuilder("set -o pipefail\ncd " + quoted(work.toString()) + " || exit\n");
        for (int i = 0; i < examples.size(); i++) {
            Example example = examples.get(i);
            String r = quoted(results.resolve(String.valueOf(i)).toString());
            script.append("{\n").append(example.command()).append("\n} >").append(r).append(".out 2>").append(r)
                    .append(".err </dev/null\necho $? >").append(r).append(".rc\n")
                    .append("[ \"$(cat ").append(r).append(".rc)\" = ").append(example.expectedExit())
                    .append(" ] || exit 0\n");
        }
        Path session = Files.writeString(dir.resolve("session.sh"), script);

        TestDatabase db = TestServer.get().createDatabase("readme");
        try {
            var shell = Launch.run(Path.of("bash"), Map.of("DATABASE_URL", db.url(), "PASS", PASS,
                    "HOME", home.toString(), "TMPDIR", tmp.toString(), "SHELL", "/bin/sh"), "", session.toString());
            assertEquals(0, shell.code(), shell::toString);
        } finally {
            db.drop();
            Files.delete(work.resolve("bin")); // the link, before @TempDir's clean-up warns about it
        }

        List<Ran> ran = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            Example example = examples.get(i);
            Path rc = results.resolve(i + ".rc");
            assertTrue(Files.exists(rc), () -> example + "\ndid not run");
            Ran one = new Ran(example, Integer.parseInt(Files.readString(rc).trim()),
                    Files.readString(results.resolve(i + ".out")), Files.readString(results.resolve(i + ".err")));
            ran.add(one);
            assertEquals(example.expectedExit(), one.code(), one::toString);
            assertFalse(one.err().contains("ctl: internal error"), one::toString);
            if (example.block().equals("crontab")) {
                assertEquals("", one.out() + one.err(), () -> "cron mails any output: " + one);
            }
        }
        return ran;
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
