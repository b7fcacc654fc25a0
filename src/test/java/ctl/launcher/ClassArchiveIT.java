package ctl.launcher;

import ctl.testing.TestDatabase;
import ctl.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where bin/ctl keeps its class archive (issue 11): the release bundle maps the AOT cache it was
 * built with and writes nothing into its install; anywhere else the archive lives in the user's
 * cache directory under a name made of the jar's content and the JDK, so a changed jar or JDK
 * never maps a stale one, and a cache that cannot be written only costs the archive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassArchiveIT {
    private static final Path CTL = Launch.HOME.resolve("bin/ctl");
    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    private TestDatabase db;
    @TempDir Path scratch;

    @BeforeAll
    void createDatabaseWithAUser() throws Exception {
        db = TestServer.get().createDatabase("archive");
        var r = Launch.run(CTL, Map.of("DATABASE_URL", db.url(), "CTL_CDS", "off"), "", "user", "new", "alice",
                "alice@example.com", "-q");
        assertEquals(0, r.code(), r::toString);
    }

    @AfterAll
    void dropDatabase() {
        db.drop();
    }

    private Map<String, String> env(Path cache, String... more) {
        var env = new HashMap<String, String>(Map.of("DATABASE_URL", db.url(), "HOME", scratch.toString(),
                "XDG_CACHE_HOME", cache.toString()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    /** Runs `user show alice --json` logging where each class came from; returns where picocli's CommandLine came from. */
    private String showAlice(Path launcher, Map<String, String> env) throws Exception {
        // a log per JVM (%p): a training run on JDK 25 starts a second one to write the cache
        Path logs = Files.createTempDirectory(scratch, "classes");
        var withLog = new HashMap<>(env);
        withLog.put("CTL_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:class+load=info:file="
                + logs.resolve("%p.log"));
        var r = Launch.run(launcher, withLog, "", "user", "show", "alice", "--json");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("\"nickname\": \"alice\""), r::toString);
        assertEquals("", r.err(), "nothing of the JVM's archive messages reaches stderr");
        // picocli's main class: on every task's path, and archived only at a modern class-file version.
        // A training run on JDK 25 logs it twice: from the jar as the task ran, from the archive as it was written.
        List<String> lines = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.toList()) {
                Files.readAllLines(log).stream().filter(l -> l.contains(" picocli.CommandLine source: ")).forEach(lines::add);
            }
        }
        assertFalse(lines.isEmpty(), "no JVM loaded picocli");
        return lines.stream().filter(l -> !mapped(l)).findFirst().orElse(lines.get(0));
    }

    private static boolean mapped(String classLine) {
        return classLine.contains("source: shared objects file");
    }

    private static List<String> archives(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theFirstRunKeepsAnArchiveInTheUsersCacheAndTheNextMapsIt() throws Exception {
        Path cache = scratch.resolve("cache first 'q'");
        assertFalse(mapped(showAlice(CTL, env(cache))), "the first run trains");
        var kept = archives(cache.resolve("ctl"));
        assertEquals(1, kept.size(), kept::toString);
        assertTrue(kept.get(0).matches("ctl-\\d+-\\d+-\\d+\\.jsa"), kept::toString);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.resolve("ctl"))));
        assertTrue(mapped(showAlice(CTL, env(cache))), "the second run maps it");
        assertEquals(kept, archives(cache.resolve("ctl")));
    }

    @Test
    void withoutXdgCacheHomeTheArchiveIsUnderHome() throws Exception {
        Path home = Files.createDirectories(scratch.resolve("home"));
        var env = env(home, "HOME", home.toString());
        env.remove("XDG_CACHE_HOME");
        showAlice(CTL, env);
        assertEquals(1, archives(home.resolve(".cache/ctl")).size());
    }

    @Test
    void aJarWithNewContentGetsANewArchiveEvenWithItsOldTimeStamp() throws Exception {
        Path checkout = scratch.resolve("checkout");
        Files.createDirectories(checkout.resolve("bin"));
        Files.createDirectories(checkout.resolve("target"));
        Files.copy(CTL, checkout.resolve("bin/ctl"), StandardCopyOption.COPY_ATTRIBUTES);
        Path jar = checkout.resolve("target/ctl.jar");
        Files.copy(Launch.HOME.resolve("target/ctl.jar"), jar, StandardCopyOption.COPY_ATTRIBUTES);
        Files.createSymbolicLink(checkout.resolve("target/lib"), Launch.HOME.resolve("target/lib"));
        Path cache = scratch.resolve("cache-jar");
        Path launcher = checkout.resolve("bin/ctl");

        showAlice(launcher, env(cache));
        var before = archives(cache.resolve("ctl"));
        assertTrue(mapped(showAlice(launcher, env(cache))));

        FileTime stamp = Files.getLastModifiedTime(jar);
        try (var zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            Files.writeString(zip.getPath("ctl/changed.txt"), "a new build");
        }
        Files.setLastModifiedTime(jar, stamp);
        assertFalse(mapped(showAlice(launcher, env(cache))), "the old archive is not mapped: a new one is trained");
        var after = archives(cache.resolve("ctl"));
        assertEquals(1, after.size(), "the stale archive is gone: " + after);
        assertNotEquals(before, after);
        assertTrue(mapped(showAlice(launcher, env(cache))));
    }

    @Test
    void aJdk25KeepsAnAotCacheOfItsOwn() throws Exception {
        assumeTrue(Files.isExecutable(JDK25.resolve("bin/java")), "no Temurin 25 on this machine");
        Path cache = scratch.resolve("cache 25 'q' \"dq\"");
        var env = env(cache, "CTL_JAVA_HOME", JDK25.toString());
        assertFalse(mapped(showAlice(CTL, env)));
        var kept = archives(cache.resolve("ctl"));
        assertEquals(1, kept.size(), kept::toString);
        assertTrue(kept.get(0).endsWith(".aot"), kept::toString);
        assertTrue(mapped(showAlice(CTL, env)));
        // the default JDK 17 gets its own, beside it
        showAlice(CTL, env(cache));
        assertEquals(2, archives(cache.resolve("ctl")).size());
    }

    /** The line of ctl doctor's archive check. */
    private static String archiveLine(Launch.Result r) {
        assertEquals(0, r.code(), r::toString);
        return r.out().lines().filter(l -> l.startsWith("ok    archive  ") || l.startsWith("warn  archive  "))
                .findFirst().orElseThrow(() -> new AssertionError("no archive line\n" + r));
    }

    @Test
    void doctorSaysWhatTheLauncherDecidedATrainingRunThenTheArchiveItMade() throws Exception {
        Path cache = scratch.resolve("cache doctor");
        String first = archiveLine(Launch.run(CTL, env(cache), "", "doctor"));
        var kept = archives(cache.resolve("ctl"));
        assertEquals(1, kept.size(), kept::toString);
        Path archive = cache.resolve("ctl").resolve(kept.get(0));
        assertEquals("ok    archive           made by this run: dynamic CDS archive " + archive
                + ", kept if it exits 0, for the next runs", first);
        String second = archiveLine(Launch.run(CTL, env(cache), "", "doctor"));
        assertTrue(second.matches("ok    archive           dynamic CDS archive " + java.util.regex.Pattern.quote(archive.toString())
                + " \\([0-9.]+ MB\\) for this jar and JDK"), second);
        var json = Launch.run(CTL, env(cache), "", "doctor", "--json");
        var check = ctl.testing.Json.array(json.out()).stream().filter(c -> c.get("check").equals("archive")).findFirst()
                .orElseThrow(() -> new AssertionError(json.toString()));
        assertEquals("ok", check.get("status"));
        assertTrue(((String) check.get("detail")).startsWith("dynamic CDS archive " + archive + " ("), json::toString);
    }

    @Test
    void doctorSaysWhyThereIsNoArchive() throws Exception {
        assertEquals("ok    archive           off (CTL_CDS=off) (start-up is about twice as slow)",
                archiveLine(Launch.run(CTL, env(scratch.resolve("cache-off"), "CTL_CDS", "off"), "", "doctor")));
        assertEquals("warn  archive           none: no cache directory (neither XDG_CACHE_HOME nor HOME is set) "
                + "(start-up is about twice as slow)",
                archiveLine(Launch.run(CTL, env(scratch.resolve("unused"), "XDG_CACHE_HOME", "", "HOME", ""), "", "doctor")));
        Path file = Files.writeString(scratch.resolve("a-file"), "");
        assertEquals("warn  archive           none: cannot write the cache directory " + file.resolve("cache/ctl")
                + " (start-up is about twice as slow)",
                archiveLine(Launch.run(CTL, env(file.resolve("cache")), "", "doctor")));
        assertEquals(List.of(), archives(scratch.resolve("cache-off/ctl")), "CTL_CDS=off writes none");
    }

    @Test
    void aRunThatFailsKeepsNoArchive() throws Exception {
        Path cache = scratch.resolve("cache-failed");
        var r = Launch.run(CTL, env(cache), "", "user", "show", "nobody-here");
        assertEquals(3, r.code(), r::toString);
        assertEquals("ctl: no user nobody-here\n", r.err());
        assertEquals(List.of(), archives(cache.resolve("ctl")));
    }

    /** An archive holds the classes of the run that made it: migrate's would hold Flyway and lack the tasks'. */
    @Test
    void migrateMakesNoArchiveTheNextTaskDoes() throws Exception {
        Path cache = scratch.resolve("cache-migrate");
        var r = Launch.run(CTL, env(cache), "", "migrate");
        assertEquals(0, r.code(), r::toString);
        assertEquals(List.of(), archives(cache.resolve("ctl")));
        assertFalse(mapped(showAlice(CTL, env(cache))), "the first task trains");
        assertEquals(1, archives(cache.resolve("ctl")).size());
        assertTrue(mapped(showAlice(CTL, env(cache))));
    }

    @Test
    void whenTheCacheCannotBeWrittenItRunsWithoutAnArchive() throws Exception {
        Path file = Files.writeString(scratch.resolve("not-a-directory"), "");
        assertFalse(mapped(showAlice(CTL, env(file.resolve("cache")))));
        assertFalse(mapped(showAlice(CTL, env(file.resolve("cache")))));
    }

    @Test
    void aCtlJavaHomeWithoutJavaIsSaidClearly() throws Exception {
        var r = Launch.run(CTL, env(scratch.resolve("cache-none"), "CTL_JAVA_HOME", "/nonexistent"), "", "--version");
        assertEquals(127, r.code(), r::toString);
        assertEquals("ctl: Java 17 or newer is needed: install a JDK or set JAVA_HOME (CTL_JAVA_HOME has no bin/java)\n",
                r.err());
    }

    /** The bundle as root installs it, run by root and by nobody: nothing is written into it. */
    @Test
    void theBundleWritesNothingIntoItsInstallWhoeverRunsIt() throws Exception {
        Path install = LauncherIT.untarBundle(scratch.resolve("install"));
        String listing = listing(install);
        boolean ownRuntime = Files.isExecutable(install.resolve("runtime/bin/java"));
        Path cache = scratch.resolve("cache-bundle");

        String classLine = showAlice(install.resolve("bin/ctl"), env(cache));
        if (ownRuntime) {
            assertTrue(mapped(classLine), "the bundle maps the AOT cache it was built with: " + classLine);
            assertEquals(List.of(), archives(cache.resolve("ctl")), "and needs none of the user's");
            assertTrue(archiveLine(Launch.run(install.resolve("bin/ctl"), env(cache), "", "doctor")).matches(
                    "ok    archive           the bundle's trained AOT cache " + java.util.regex.Pattern.quote(
                    install.resolve("lib/ctl.aot").toString()) + " \\([0-9.]+ MB\\)"));
        } else {
            assertEquals(1, archives(cache.resolve("ctl")).size(), "on the operator's Java, the user's cache holds it");
        }
        // CTL_JAVA_HOME picks another Java (here the one the operator's PATH has): its archive is the user's
        showAlice(install.resolve("bin/ctl"), env(cache, "CTL_JAVA_HOME", System.getProperty("java.home")));
        assertEquals(1, archives(cache.resolve("ctl")).size());

        assumeTrue("root".equals(System.getProperty("user.name")), "only root can run it as nobody");
        Path nobodyHome = Files.createDirectories(scratch.resolve("nobody-home"));
        var nobody = java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(nobodyHome, nobody);
        var env = env(nobodyHome.resolve(".cache"), "HOME", nobodyHome.toString());
        var r = Launch.run(Path.of("setpriv"), env, "", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                install.resolve("bin/ctl").toString(), "user", "show", "alice", "--json");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("\"nickname\": \"alice\""), r::toString);
        assertEquals("", r.err());
        assertEquals(listing, listing(install), "nothing was written into the install");
    }

    private static String listing(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            return String.join("\n", paths.sorted().map(p -> {
                try {
                    return dir.relativize(p) + " " + Files.size(p) + " " + Files.getLastModifiedTime(p);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList());
        }
    }
}
