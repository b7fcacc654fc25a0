package ctl.db.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The postmaster.pid of a cluster, read with suspicion: the pid in it is what {@code pg_ctl stop}
 * signals, and a pid outlives its process. After a crash or a reboot it may name anything,
 * even the postmaster of another cluster run by the same user.
 *
 * <p>So the pid is trusted only while it is a postgres process working in this very cluster:
 * <ul>
 * <li>its working directory is the data directory: a postmaster moves there at start and never
 *     leaves, and no process of another cluster, nor an unrelated one, works there;
 * <li>it runs a binary called postgres (not a shell someone opened in data/);
 * <li>it runs as the owner of the data directory, as postgres insists on.
 * </ul>
 * Anything else makes the file stale: it is removed (postgres would refuse to start while its
 * pid is alive and ours) and its pid is never signalled.
 *
 * <p>The process's start time is deliberately not compared with the one in the file: a step of
 * the wall clock since the server started (NTP, a resumed VM) shifts one against the other,
 * and taking a live postmaster's file for stale would let a second postmaster start on the
 * same cluster, which is worse than anything the comparison could prevent; the checks above
 * already rule out every process that is not part of this cluster.
 */
final class PidFile {
    private static final long SETTLE_NANOS = 60_000_000_000L;
    private static final long HALF_WRITTEN_NANOS = 2_000_000_000L;

    private PidFile() {}

    /**
     * The port of the live server of data, once it is ready (a crashed run may have left it
     * starting); 0 when there is none, after removing a stale pid file.
     */
    static int livePort(Path data) throws IOException {
        Path file = data.resolve("postmaster.pid");
        long start = System.nanoTime();
        long deadline = start + SETTLE_NANOS;
        while (true) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (NoSuchFileException e) {
                return 0;
            }
            long pid = lines.isEmpty() ? -1 : parse(lines.get(0));
            if (pid <= 0 && System.nanoTime() - start < HALF_WRITTEN_NANOS) {
                // A postmaster left starting by a killed run may be writing it this very moment.
                sleep();
                continue;
            }
            if (pid <= 0 || !isPostgresOf(data, pid)) {
                Files.deleteIfExists(file);
                return 0;
            }
            // Lines 4 and 8: the port, and starting, ready or stopping (written as the server goes).
            String status = lines.size() >= 8 ? lines.get(7).trim() : "starting";
            if (status.equals("ready")) {
                return Integer.parseInt(lines.get(3).trim());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the server already running in " + data + " (pid " + pid + ") stays " + status);
            }
            sleep();
        }
    }

    /**
     * What the pid file of data says, changing nothing (for ctl doctor): null when there is none;
     * live when its pid is the postgres of this cluster (see the class comment), else stale.
     */
    static EmbeddedPostgres.Postmaster read(Path data) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(data.resolve("postmaster.pid"));
        } catch (NoSuchFileException e) {
            return null;
        }
        long pid = lines.isEmpty() ? -1 : parse(lines.get(0));
        long port = lines.size() >= 4 ? parse(lines.get(3)) : -1;
        String status = lines.size() >= 8 ? lines.get(7).trim() : "starting";
        return new EmbeddedPostgres.Postmaster(pid, pid > 0 && isPostgresOf(data, pid), (int) Math.max(port, 0), status);
    }

    /** See the class comment. */
    static boolean isPostgresOf(Path data, long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
            String exe = Files.readSymbolicLink(proc.resolve("exe")).getFileName().toString();
            return cwd.equals(data.toRealPath())
                    && (exe.equals("postgres") || exe.equals("postgres (deleted)"))
                    && Files.getAttribute(proc, "unix:uid").equals(Files.getAttribute(data, "unix:uid"));
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    private static long parse(String line) {
        try {
            return Long.parseLong(line.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the embedded database started");
        }
    }
}
