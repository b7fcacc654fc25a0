package ctl.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Building the command table builds no jOOQ object: no task class holds one in a static field
 * (ArchitectureTest checks the fields; this checks what a real run loads).
 */
class StartupClassesTest {
    @Test
    void versionLoadsNoGeneratedTableClassAndBuildsNoQuery(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("classes.log");
        Process p = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"), "ctl.Main", "--version"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> loaded = Files.readAllLines(log);
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" ctl.cli.Cli ")), "the log is of this run");
        // Interfaces named in task methods' signatures load as picocli reflects over them (the
        // next step: build only the invoked task); no table, no DSL, no query is built.
        List<String> built = loaded.stream().filter(l -> l.matches(".* (ctl\\.db\\.schema\\.(Tables|Keys|Indexes|DefaultSchema"
                + "|tables\\.[A-Z]\\w*)|org\\.jooq\\.impl\\.(DSL|TableImpl|AbstractField)) .*")).toList();
        assertEquals(List.of(), built);
    }
}
