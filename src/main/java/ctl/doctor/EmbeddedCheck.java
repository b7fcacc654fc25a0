package ctl.doctor;

import ctl.base.Build;
import ctl.db.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded database's data directory (SPEC §1), looked at before doctor connects:
 * connecting starts the server there and clears a stale pid file, which would hide what a crash
 * left. Reported when the embedded database is the one ctl uses, or when its directory exists
 * anyway; says what it holds (which PostgreSQL), who owns it and with what mode (a directory
 * group or others can read, or a readable password file, is a warning), whether a server runs
 * there or a pid file outlived one, and the free space of its file system.
 */
final class EmbeddedCheck {
    /** Less than this free and PostgreSQL is close to stopping for want of WAL space. */
    static final long LOW_SPACE = 256L << 20;

    private EmbeddedCheck() {}

    /** {@code otherSource}: the setting that won instead of the embedded database, null when it is the one. */
    static Check check(Path dir, String otherSource) {
        String use = otherSource == null ? "" : "not used (" + otherSource + " wins); ";
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Check.ok("embedded", otherSource != null ? "not used (" + otherSource + " wins)"
                    : dir + " does not exist yet: connecting makes it (mode " + (isRoot() ? "0710" : "0700")
                    + ") and a PostgreSQL "
                    + major(Build.embeddedPostgresVersion()) + " cluster in it");
        }
        List<String> found = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        try {
            Path data = EmbeddedPostgres.cluster(dir);
            boolean cluster = Files.isDirectory(data);
            found.add(cluster ? version(data, wrong) : "no cluster yet (the next run makes one)");
            int mode = mode(dir);
            found.add("owner " + Files.getOwner(dir).getName() + ", mode " + octal(mode));
            if (!ownedByUs(dir)) {
                wrong.add("it is not " + System.getProperty("user.name") + "'s: ctl uses only a directory of its "
                        + "own user's");
            }
            if ((mode & 0066) != 0) {
                wrong.add("group or others can read or write it: chmod " + (isRoot() ? "710 " : "700 ") + dir);
            }
            if (cluster && (mode(data) & 0077) != 0) {
                wrong.add("group or others may enter " + data + " (mode " + octal(mode(data)) + "): chmod 700 " + data);
            }
            Path password = EmbeddedPostgres.passwordFile(dir);
            if (Files.exists(password) && (mode(password) & 0077) != 0) {
                wrong.add("group or others can read its password file: chmod 600 " + password);
            }
            if (cluster) {
                found.add(server(dir, wrong));
            }
            long free = Files.getFileStore(dir).getUsableSpace();
            found.add(Check.size(free) + " free");
            if (free < LOW_SPACE) {
                wrong.add("its file system is nearly full: PostgreSQL stops when it cannot write its WAL");
            }
        } catch (AccessDeniedException e) {
            wrong.add("cannot look into " + e.getFile() + ": permission denied (run doctor as the user ctl runs as)");
        } catch (IOException | RuntimeException e) {
            wrong.add("cannot look into it: " + e.getMessage());
        }
        String facts = String.join(", ", found);
        String detail = use + dir + ": " + facts + (wrong.isEmpty() ? "" : (facts.isEmpty() ? "" : "; ")
                + String.join("; ", wrong));
        return wrong.isEmpty() ? Check.ok("embedded", detail) : Check.warn("embedded", detail);
    }

    /** Which PostgreSQL the cluster is: a warning when it is not this ctl's. */
    private static String version(Path data, List<String> wrong) throws IOException {
        String ours = major(Build.embeddedPostgresVersion());
        try {
            String version = Files.readString(data.resolve("PG_VERSION")).trim();
            if (!ours.isEmpty() && !version.equals(ours)) {
                wrong.add("this ctl runs PostgreSQL " + ours + ", which cannot start a cluster of " + version
                        + " (pg_upgrade it, or set CTL_DATA_DIR to a new directory)");
            }
            return "a PostgreSQL " + version + " cluster";
        } catch (NoSuchFileException e) {
            wrong.add(data + " has no PG_VERSION: it is not a PostgreSQL cluster");
            return "a data/ without PG_VERSION";
        }
    }

    /** Whether a server runs in the cluster, or its pid file outlived one (read, never removed). */
    private static String server(Path dir, List<String> wrong) throws IOException {
        EmbeddedPostgres.Postmaster postmaster = EmbeddedPostgres.postmaster(dir);
        if (postmaster == null) {
            return "no server running";
        }
        if (postmaster.live()) {
            return "a server running (pid " + postmaster.pid() + ", port " + postmaster.port() + ", "
                    + postmaster.status() + "): another run's, or left by a killed one";
        }
        wrong.add("its server died without stopping (a crash, a kill -9, a reboot); the next run clears the pid file");
        return "a stale postmaster.pid (pid " + postmaster.pid() + " is not its server)";
    }

    private static String major(String version) {
        return version.replaceFirst("\\..*", "");
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode") & 07777;
    }

    private static String octal(int mode) {
        return String.format("%04o", mode);
    }

    private static boolean ownedByUs(Path dir) throws IOException {
        return Files.getAttribute(dir, "unix:uid").equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
