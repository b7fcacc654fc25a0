package ctl.cli;

import ctl.testing.CtlTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a real run loads (README: start-up): a task builds the model of itself alone, so it
 * loads no class of another task, of Flyway or of the embedded database; {@code --version}
 * builds no command model, no table and no query.
 */
class StartupClassesTest extends CtlTest {
    private static final Pattern CLASS = Pattern.compile(" (\\S+) source: ");
    /** Where task classes live; the table and the shared layers are elsewhere. */
    private static final Pattern TASK_CLASS = Pattern.compile(
            "ctl\\.(user|user\\.invite|token|group|audit|migrate|completion)\\.[A-Z]\\w*");

    @BeforeAll
    void alice() {
        expect(0, ctl().stdin("correct horse battery staple\n")
                .run("user", "new", "alice", "alice@example.com", "--password-stdin"));
    }

    @Test
    void versionLoadsNoTaskNoTableAndNoQuery(@TempDir Path dir) throws Exception {
        List<String> loaded = loaded(dir, "--version");
        // (the output's format settings are jOOQ's JSONFormat and CSVFormat: plain values)
        assertEquals(List.of(), loaded.stream().filter(c -> TASK_CLASS.matcher(c).matches()
                || c.startsWith("org.jooq.impl.") || c.startsWith("ctl.db.schema.") || c.startsWith("picocli.CommandLine$Model")).toList());
    }

    /** picocli's model comes from the class files (CommandModel): no annotation is read by reflection, which makes proxies. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"user show --help", "user list --help", "--help"})
    void theModelIsBuiltWithoutAnnotationProxies(String line, @TempDir Path dir) throws Exception {
        List<String> loaded = loaded(dir, line.trim().split(" +"));
        assertTrue(loaded.contains("ctl.cli.ClassAnnotations$OptionValues"), "the log is of a run that built a model");
        assertEquals(List.of(), loaded.stream().filter(c -> c.matches(".*\\$Proxy[0-9]+")).toList(), "annotation proxies");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "user show alice          | ctl.user.UserShow",
            "user list --limit 20     | ctl.user.UserList",
            "user new bob bob@example.com --dry-run | ctl.user.UserNew",
            "token list alice         | ctl.token.TokenList",
            "audit list --limit 5     | ctl.audit.AuditList",
    })
    void aTaskLoadsItselfAndNoOtherTaskNorFlywayNorTheEmbeddedDatabase(String line, String task,
                                                                       @TempDir Path dir) throws Exception {
        List<String> loaded = loaded(dir, line.trim().split(" +"));
        assertTrue(loaded.contains(task), "the log is of a run of " + task);
        List<String> others = loaded.stream()
                .filter(c -> TASK_CLASS.matcher(c).matches() && !c.startsWith(task))
                // the task's own package may hold helpers it calls (UserFlag, Tags, ApiTokens …),
                // never another task: a Task subclass is what the table makes
                .filter(StartupClassesTest::isTask)
                .toList();
        assertEquals(List.of(), others, "classes of other tasks");
        assertEquals(List.of(), loaded.stream().filter(c -> c.startsWith("org.flywaydb.")
                || c.startsWith("ctl.db.embedded.") || c.equals("ctl.db.EmbeddedDatabase")
                || c.startsWith("ctl.db.Migrations") || c.startsWith("io.zonky.")).toList(),
                "Flyway or the embedded database");
    }

    private static boolean isTask(String name) {
        try {
            Class<?> cls = Class.forName(name.replaceFirst("\\$.*", ""), false, StartupClassesTest.class.getClassLoader());
            return ctl.core.Task.class.isAssignableFrom(cls);
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Runs ctl in a JVM of its own and returns the names of the classes it loaded. */
    private List<String> loaded(Path dir, String... args) throws Exception {
        Path log = dir.resolve("classes.log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xshare:off", "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"), "ctl.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DATABASE_URL", db.url());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = CLASS.matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        assertTrue(names.contains("ctl.cli.Cli") || names.contains("ctl.Main"), "the log is of this run");
        return names;
    }
}
