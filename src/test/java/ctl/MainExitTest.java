package ctl;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@link Main} ends the process: a success returns from main (no System.exit, whose logger
 * lookup scans the class path on JDK 21+), but only when no other thread would keep the JVM up.
 */
class MainExitTest {
    /** ctl --version with a thread left running that is not a daemon, as a library might leave one. */
    public static final class WithALingeringThread {
        public static void main(String[] args) {
            Thread sleeper = new Thread(() -> {
                try {
                    Thread.sleep(TimeUnit.MINUTES.toMillis(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "lingering");
            sleeper.start();
            Main.main(args);
        }
    }

    private static Process run(Class<?> main, String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void aSuccessEndsEvenWithAThreadLeftRunning() throws Exception {
        Process p = run(WithALingeringThread.class, "--version");
        boolean ended = p.waitFor(20, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "the JVM waited for the lingering thread");
        assertEquals(0, p.exitValue());
        assertTrue(new String(p.getInputStream().readAllBytes()).startsWith("ctl "));
    }

    @Test
    void aSuccessAloneEndsWithZero() throws Exception {
        Process p = run(Main.class, "--version");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertTrue(new String(p.getInputStream().readAllBytes()).startsWith("ctl "));
    }
}
