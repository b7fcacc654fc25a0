package ctl.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who the tests run as. A test that needs root (to run a process as another user, to give a
 * file away) says so in its name and skips itself elsewhere: {@code assumeTrue(OsUser.isRoot(), …)}.
 */
public final class OsUser {
    private OsUser() {}

    /** True when the tests run as root (real uid 0), as they do in CI. */
    public static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
