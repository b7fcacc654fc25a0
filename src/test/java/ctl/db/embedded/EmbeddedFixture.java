package ctl.db.embedded;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the embedded-database tests share: connecting, finding the server, running a second JVM. */
final class EmbeddedFixture {
    private EmbeddedFixture() {}

    /**
     * JUnit makes temp dirs 0700; as root the server runs as nobody and must reach the data
     * directory, as it would below /var/lib.
     */
    static void openToTheServerUser(Path tmp) throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static Connection connect(EmbeddedPostgres pg) throws Exception {
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }

    static Path pidFile(Path dir) {
        return dir.resolve("data/postmaster.pid");
    }

    static long postmasterPid(Path dir) throws Exception {
        return Long.parseLong(Files.readAllLines(pidFile(dir)).get(0).trim());
    }

    static void assertNoServer(Path dir) {
        assertFalse(Files.exists(pidFile(dir)), "postmaster.pid is gone");
        try (var processes = ProcessHandle.allProcesses()) {
            assertFalse(processes.anyMatch(p -> p.info().commandLine().orElse("").contains(dir.toString())),
                    "no process for " + dir);
        }
    }

    /** Starts {@link EmbeddedChild} on dir in a process group of its own, so that a test can kill the group. */
    static Process child(Path dir, Map<String, String> env, List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("setsid",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EmbeddedChild.class.getName(), dir.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        return pb.start();
    }

    static Process child(Path dir, String... args) throws Exception {
        return child(dir, Map.of(), List.of(), args);
    }

    /** Reads the stream until a line equal to expected; false at its end or after the timeout. */
    static boolean awaitLine(java.io.InputStream in, String expected, long seconds) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.equals(expected)) {
                        return true;
                    }
                }
                return false;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        try {
            return seen.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** kill -9 of the child's whole process group, as a crash or the OOM killer of a cgroup would. */
    static void killGroup(Process child) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + child.pid() + "/stat"));
        long group = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
        String ours = Files.readString(Path.of("/proc/self/stat"));
        assertNotEquals(Long.parseLong(ours.substring(ours.lastIndexOf(')') + 2).split(" ")[2]), group,
                "the child has a process group of its own");
        Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + group).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -9 -" + group);
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
    }
}
