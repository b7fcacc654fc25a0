package ctl.launcher;

import ctl.testing.TestDatabase;
import ctl.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/ctl as an operator runs it: a real process, arguments, streams and exit codes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LauncherIT {
    private static final Path CTL = Launch.HOME.resolve("bin/ctl");
    private TestDatabase db;
    @TempDir Path scratch;
    private Path classLog;

    @BeforeAll
    void createDatabase() {
        db = TestServer.get().createDatabase("launcher");
    }

    @AfterAll
    void dropDatabase() {
        db.drop();
    }

    @org.junit.jupiter.api.BeforeEach
    void logPath() {
        classLog = scratch.resolve("classes.log");
    }

    private Launch.Result ctl(String stdin, String... args) throws Exception {
        return Launch.run(CTL, Map.of("DATABASE_URL", db.url()), stdin, args);
    }

    @Test
    void argumentsArriveExactlyAsTyped() throws Exception {
        String bio = "two words \"q\" $HOME `x` 'single' \\ back";
        var r = ctl("password1\n", "user", "new", "quoted", "quoted@example.com", "--bio", bio, "--name", "  spaced  ",
                "--password-stdin");
        assertEquals(0, r.code(), r::toString);
        var user = db.sql().selectFrom(USERS).where(USERS.NICKNAME.eq("quoted")).fetchOne();
        assertEquals(bio, user.getBio());
        assertEquals("  spaced  ", user.getName());
    }

    @Test
    void dataGoesToStdoutAndStatusToStderr() throws Exception {
        var r = ctl("", "user", "new", "linked", "linked@example.com");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().matches("http://localhost:4000/password_reset/[A-Za-z0-9_-]{43}\n"), r::toString);
        assertTrue(r.err().contains("User linked created"), r::toString);
    }

    @Test
    void exitCodesReachTheShell() throws Exception {
        var r = ctl("", "user", "show", "nobody-here");
        assertEquals(3, r.code(), r::toString);
        assertEquals("ctl: no user nobody-here\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void aOneRowTaskLoadsNeitherFlywayNorTheEmbeddedDatabase() throws Exception {
        expect0(ctl("password1\n", "user", "new", "light", "light@example.com", "--password-stdin"));
        var r = Launch.run(CTL, Map.of("DATABASE_URL", db.url(), "CTL_CDS", "off",
                "CTL_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog), "", "user", "show", "light");
        assertEquals(0, r.code(), r::toString);
        String loaded = Files.readString(classLog);
        assertTrue(loaded.contains("ctl.user.UserShow"), "the log should list our classes");
        for (String forbidden : new String[] {"org.flywaydb", "ctl.db.embedded", "ctl.db.EmbeddedDatabase",
                "org.bouncycastle", "org.apache.commons.compress"}) {
            assertFalse(loaded.contains(forbidden), forbidden + " was loaded");
        }
    }

    private static void expect0(Launch.Result r) {
        assertEquals(0, r.code(), r::toString);
    }

    @Test
    void worksThroughASymlink(@TempDir Path dir) throws Exception {
        Path link = dir.resolve("ctl");
        Files.createSymbolicLink(link, CTL);
        var r = Launch.run(link, Map.of(), "", "--version");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("ctl "), r::toString);
    }

    @Test
    void worksThroughAChainOfSymlinksWhosePathsHaveArrowsInThem(@TempDir Path dir) throws Exception {
        // what `ls -ld` shows of such a link has more than one " -> " in it
        Path first = Files.createDirectories(dir.resolve("bin -> sbin")).resolve("ctl");
        Path second = Files.createDirectories(dir.resolve("opt -> ctl")).resolve("ctl -> current");
        Files.createSymbolicLink(second, CTL);
        Files.createSymbolicLink(first, Path.of("../opt -> ctl/ctl -> current"));
        var r = Launch.run(first, Map.of(), "", "--version");
        assertEquals(0, r.code(), r::toString);
        assertEquals("ctl " + version() + "\n", r.out());
    }

    @Test
    void findsItsHomeThroughSymlinksWithoutReadlinkFOrRealpath(@TempDir Path dir) throws Exception {
        Path shims = Files.createDirectories(dir.resolve("shims"));
        script(shims.resolve("readlink"), "case $1 in -f) exit 1 ;; esac\nexec /usr/bin/readlink \"$@\"\n");
        script(shims.resolve("realpath"), "exit 1\n");
        Path link = Files.createDirectories(dir.resolve("odd -> 'dir'")).resolve("ctl");
        Files.createSymbolicLink(link, CTL);
        var r = Launch.run(link, Map.of("PATH", shims + ":" + System.getenv("PATH")), "", "--version");
        assertEquals(0, r.code(), r::toString);
        assertEquals("ctl " + version() + "\n", r.out());
    }

    private static void script(Path path, String body) throws Exception {
        Files.writeString(path, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aSourceCheckoutWithNoJarIsBuiltOnFirstUseShowingMavensStepsOnStderr(@TempDir Path checkout) throws Exception {
        copyCheckout(checkout);
        var r = Launch.run(checkout.resolve("bin/ctl"), Map.of(), "", "--version");
        assertEquals(0, r.code(), r::toString);
        assertEquals("ctl " + version() + "\n", r.out(), "stdout is the task's alone");
        var lines = r.err().lines().toList();
        assertEquals("ctl: building " + checkout.toRealPath().resolve("target/ctl.jar")
                + " (first run in a source checkout)", lines.get(0), r::toString);
        assertTrue(lines.contains("ctl:   compiler:compile") && lines.contains("ctl:   jar:jar"), r::toString);
        assertTrue(lines.stream().allMatch(line -> line.startsWith("ctl: ")), "no raw Maven output: " + r);
        var again = Launch.run(checkout.resolve("bin/ctl"), Map.of(), "", "--version");
        assertEquals("", again.err(), "the second run builds nothing");
    }

    @Test
    void aBuildThatFailsShowsMavensErrorAndHowToBuildByHand(@TempDir Path dir) throws Exception {
        Path checkout = dir.resolve("it's a checkout");
        copyCheckout(checkout);
        Files.writeString(checkout.resolve("src/main/java/ctl/Broken.java"), "class Broken {\n");
        var r = Launch.run(checkout.resolve("bin/ctl"), Map.of(), "", "--version");
        assertEquals(70, r.code(), r::toString);
        assertEquals("", r.out());
        assertTrue(r.err().contains("Broken.java:[1,15] reached end of file while parsing"), r::toString);
        String quoted = "'" + checkout.toRealPath().toString().replace("'", "'\\''") + "'";
        assertTrue(r.err().endsWith("ctl: the build failed; to see why and build by hand: cd " + quoted
                + " && mvn package\n"), r::toString);
    }

    /**
     * Maven's first line can carry a colour reset even with colour off (Debian's 3.8): the
     * error on it must still show. Here it is one that ends in its own "-> [Help 1]".
     */
    @Test
    void aMavenThatCannotMakeItsRepositorySaysSo(@TempDir Path dir) throws Exception {
        Path checkout = dir.resolve("checkout");
        copyCheckout(checkout);
        var r = Launch.run(checkout.resolve("bin/ctl"), Map.of("MAVEN_OPTS", "-Dmaven.repo.local=/dev/null/repository"),
                "", "--version");
        assertEquals(70, r.code(), r::toString);
        assertTrue(r.err().contains("ctl:   [ERROR] Could not create local repository at /dev/null/repository"), r::toString);
        assertFalse(r.err().contains("Re-run Maven"), r::toString);
        assertFalse(r.err().contains("\u001b"), r::toString);
    }

    private static void copyCheckout(Path checkout) throws Exception {
        for (String part : new String[] {"pom.xml", "README.md", "bin", "migrations", "src"}) {
            copyTree(Launch.HOME.resolve(part), checkout.resolve(part));
        }
    }

    static String version() throws Exception {
        var p = new java.util.Properties();
        try (var in = LauncherIT.class.getResourceAsStream("/ctl/build.properties")) {
            p.load(in);
        }
        return p.getProperty("version");
    }

    private static void copyTree(Path from, Path to) throws Exception {
        Files.createDirectories(to.getParent());
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p) && !Files.exists(target)) {
                    Files.createDirectories(target);
                } else if (!Files.isDirectory(p)) {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Unpacks the release bundle into dir (made reachable by every user) and returns its home. */
    static Path untarBundle(Path dir) throws Exception {
        Files.createDirectories(dir);
        for (Path p = dir; p != null && p.startsWith(System.getProperty("java.io.tmpdir")) && !p.equals(Path.of(
                System.getProperty("java.io.tmpdir"))); p = p.getParent()) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path bundle = Launch.HOME.resolve("target/ctl-" + version() + ".tar.gz");
        var untar = new ProcessBuilder("tar", "xzf", bundle.toString(), "-C", dir.toString()).inheritIO().start();
        assertEquals(0, untar.waitFor());
        return dir.resolve("ctl-" + version());
    }

    @Test
    void theReleaseBundleRunsFromWhereverItIsUnpacked(@TempDir Path somewhere) throws Exception {
        Path home = untarBundle(somewhere);
        for (String part : new String[] {"bin/ctl", "lib/ctl.jar", "migrations/V1__users.sql", "README.md"}) {
            assertTrue(Files.exists(home.resolve(part)), part + " is in the bundle");
        }
        expect0(ctl("password1\n", "user", "new", "bundled", "bundled@example.com", "--password-stdin"));
        var r = Launch.run(home.resolve("bin/ctl"), Map.of("DATABASE_URL", db.url(), "XDG_CACHE_HOME",
                somewhere.resolve("cache").toString()), "", "user", "show", "bundled", "--json");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("\"nickname\": \"bundled\""), r::toString);
    }

    @Test
    void theReleaseBundlesOwnRuntimeHoldsJustTheModulesCtlUsesAndPicocliAtAModernClassFileVersion(
            @TempDir Path somewhere) throws Exception {
        Path home = untarBundle(somewhere);
        var picocli = new java.util.zip.ZipFile(Files.list(home.resolve("lib"))
                .filter(p -> p.getFileName().toString().startsWith("picocli-")).findFirst().orElseThrow().toFile());
        try (picocli; var in = picocli.getInputStream(picocli.getEntry("picocli/CommandLine.class"))) {
            byte[] head = in.readNBytes(8);
            assertEquals(61, ((head[6] & 0xff) << 8) | (head[7] & 0xff), "class-file version of picocli's classes");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(home.resolve("runtime")),
                "the build found no JDK 25: the bundle runs on the operator's Java");
        String release = Files.readString(home.resolve("runtime/release"));
        assertTrue(release.contains("JAVA_VERSION=\"25") || release.matches("(?s).*JAVA_VERSION=\"2[6-9].*"), release);
        assertTrue(release.contains("java.sql") && !release.contains("jdk.compiler") && !release.contains("jdk.jshell"),
                release);
        assertTrue(Files.exists(home.resolve("lib/ctl.aot")), "the AOT cache trained at package time");
        assertFalse(Files.exists(home.resolve("runtime/include")) || Files.exists(home.resolve("runtime/man")));
    }

    /** Each of these has broken some start script: word splitting, globbing, `ls -ld`, echo's escapes. */
    static final String ODD = "odd dir -> $HOME 'q' \"dq\" `x` \\n \\ * ; & # -x\nsecond line";

    @Test
    void theReleaseBundleRunsTwiceFromADirectoryWithSpacesAndQuotesInItsName(@TempDir Path somewhere) throws Exception {
        Path untarred = untarBundle(somewhere.resolve("untarred"));
        Path home = Files.createDirectories(somewhere.resolve(ODD)).resolve("ctl-" + version());
        Files.move(untarred, home);
        expect0(ctl("password1\n", "user", "new", "oddly", "oddly@example.com", "--password-stdin"));

        // the first run may train an archive (in the user's cache, never in the install); the second maps one
        Path cache = Files.createDirectories(somewhere.resolve(ODD + " cache"));
        var env = Map.of("DATABASE_URL", db.url(), "XDG_CACHE_HOME", cache.toString());
        var first = Launch.run(home.resolve("bin/ctl"), env, "", "user", "show", "oddly", "--json");
        assertEquals(0, first.code(), first::toString);
        assertTrue(first.out().contains("\"nickname\": \"oddly\""), first::toString);
        assertFalse(Files.exists(home.resolve("lib/ctl.jsa")), "nothing is written into the install");
        var second = Launch.run(home.resolve("bin/ctl"), env, "", "user", "show", "oddly", "--json");
        assertEquals(0, second.code(), second::toString);
        assertEquals(first.out(), second.out());
        assertEquals("", second.err());
    }

    @Test
    void withNothingConfiguredItRunsOnTheEmbeddedDatabaseAsRoot(@TempDir Path home) throws Exception {
        // As root the default is /var/lib/ctl, shared by the machine: the test names its own.
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dataDir = home.resolve("ctl-data");
        Map<String, String> env = Map.of("HOME", home.toString(), "CTL_DATA_DIR", dataDir.toString());
        var created = Launch.run(CTL, env, "", "user", "new", "alice", "alice@example.com");
        assertEquals(0, created.code(), created::toString);
        assertTrue(created.err().startsWith("using the embedded database in " + dataDir
                + "; set DATABASE_URL to use yours\n"), created::toString);
        assertTrue(created.out().contains("/password_reset/"), created::toString);

        var shown = Launch.run(CTL, env, "", "user", "show", "alice", "--json", "-q");
        assertEquals(0, shown.code(), shown::toString);
        assertEquals("", shown.err(), "-q silences the notice");
        assertTrue(shown.out().contains("\"email\": \"alice@example.com\""), shown::toString);
        assertFalse(Files.exists(dataDir.resolve("data/postmaster.pid")), "no server is left running");
    }

    @Test
    void saysClearlyWhenThereIsNoJava() throws Exception {
        var r = Launch.run(CTL, Map.of("PATH", "/nonexistent", "JAVA_HOME", "/nonexistent"), "", "--version");
        assertEquals(127, r.code(), r::toString);
        assertEquals("ctl: Java 17 or newer is needed: install a JDK or set JAVA_HOME\n", r.err());
    }
}
