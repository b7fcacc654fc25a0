package ctl.launcher;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** bin/ctl is plain POSIX sh that shellcheck passes; .ci/run installs shellcheck, so it never skips. */
class LauncherShellcheckTest {
    @Test
    void theLauncherPassesShellcheckAsPosixSh() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("shellcheck", "-s", "sh", "bin/ctl")
                    .directory(Launch.HOME.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("shellcheck is not installed (apt-get install shellcheck; .ci/run does): " + e.getMessage());
            return;
        }
        String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> "shellcheck -s sh bin/ctl:\n" + report);
    }
}
