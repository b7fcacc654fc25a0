package ctl.db.embedded;

import ctl.base.CtlException;
import ctl.base.Exit;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which directory the embedded database lives in, and making it without ever changing the
 * mode of a directory ctl did not create (SPEC §6).
 *
 * <p>The configured directory is used as ctl's own when it does not exist yet (ctl creates
 * it), when it already holds ctl's files, or when it is an empty directory that only the
 * running user owns and can write (an operator's {@code mkdir}, a mounted volume): it is then
 * used with the mode it has, since everything secret inside has its own (password 0600,
 * data/ 0700, log 0600). Any other existing directory, such as {@code CTL_DATA_DIR=/tmp} or a
 * home directory, gets ctl's files in a subdirectory {@code ctl} that ctl creates; if that
 * subdirectory already exists it must pass the same test, so a {@code /tmp/ctl} planted by
 * another user is refused, never used or chmod-ed.
 */
final class DataDirectory {
    /**
     * Root's default. As root the server runs as nobody, which must reach the data directory;
     * root's home (0700) is out of its reach, and lending it CAP_DAC_READ_SEARCH would let it
     * read any file on the machine, so root keeps its state where system services keep theirs.
     */
    static final Path ROOT_DEFAULT = Path.of("/var/lib/ctl");
    /** A file of ctl's that every data directory has from its first run on. */
    private static final String MARK = "control.lock";

    private DataDirectory() {}

    /** $CTL_DATA_DIR, else $XDG_DATA_HOME/ctl, else /var/lib/ctl for root, else $HOME/.local/share/ctl. */
    static Path configured(Map<String, String> env, boolean root) {
        String dir = env.get("CTL_DATA_DIR");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir).toAbsolutePath().normalize();
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return Path.of(xdg, "ctl").toAbsolutePath().normalize();
        }
        if (root) {
            return ROOT_DEFAULT;
        }
        String home = env.get("HOME");
        return Path.of(home == null || home.isEmpty() ? System.getProperty("user.home") : home, ".local", "share", "ctl");
    }

    /** The directory ctl keeps its files in, given the configured one (see the class comment). */
    static Path choose(Path configured) {
        Path dir = configured.toAbsolutePath().normalize();
        if (!Files.exists(dir) || isOurs(dir) && (Files.exists(dir.resolve(MARK)) || isEmpty(dir))) {
            return dir;
        }
        return dir.resolve("ctl");
    }

    /**
     * Creates dir if it is missing: 0700, or as root 0710 with the group of the server's user,
     * which may pass through to data/ and the log and nothing more. An existing dir is left as
     * it is, and refused unless only we own and can write it.
     */
    static void prepare(Path dir, boolean root, String serverGroup) throws IOException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (!isOurs(dir)) {
                throw new CtlException(Exit.UNAVAILABLE, "the embedded database cannot use " + dir
                        + ": it is not a directory that only " + System.getProperty("user.name")
                        + " owns and can write; set CTL_DATA_DIR to a directory of ctl's own");
            }
            return;
        }
        Files.createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException raced) {
            prepare(dir, root, serverGroup);
            return;
        }
        // Set after creating, not as an attribute of createDirectory, which the umask would trim.
        if (root) {
            Files.setAttribute(dir, "posix:group",
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(serverGroup));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x---"));
        } else {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** A directory the running user owns and nobody else can write. */
    private static boolean isOurs(Path dir) {
        try {
            int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            // A symbolic link counts only if we made it too: one planted in /tmp by another user must not lead us
            // into a directory of its choosing (the rule of the kernel's protected_symlinks).
            return (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS) == self
                    && Files.isDirectory(dir)
                    && (Integer) Files.getAttribute(dir, "unix:uid") == self
                    && ((Integer) Files.getAttribute(dir, "unix:mode") & 0022) == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
