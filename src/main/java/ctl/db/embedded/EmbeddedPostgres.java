package ctl.db.embedded;

import ctl.base.CtlException;
import ctl.base.Exit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The embedded default of SPEC §1: a real PostgreSQL kept in a data directory, started for
 * a run and stopped after the last run that uses it.
 *
 * <p>Layout of the data directory (see {@link DataDirectory} for which one): {@code pg-<version>/}
 * the binaries, {@code data/} the cluster (0700), {@code password} (0600), {@code postgres.log}
 * (0600), and lock files. {@code control.lock} is held exclusively while a run starts or
 * stops the server; each run holds {@code users.lock} shared while it uses it, so the run that
 * can take it exclusively at the end is the last one and stops the server. Locks die with their
 * process, so a crashed run never blocks the next.
 *
 * <p>PostgreSQL refuses to run as root. As root, its processes run as {@code nobody}, which
 * owns {@code data/} and the log, with no capabilities at all and nothing of root's
 * environment; the data directory is 0710 with group {@code nogroup}, so nobody may pass
 * through it to data/ and nothing more. A data directory nobody cannot reach is refused with
 * exit 6 rather than lent a capability to read past file modes (which would let the server read
 * any file on the machine); root's default is therefore {@link DataDirectory#ROOT_DEFAULT}.
 * initdb and pg_ctl check their own binaries with access(2), so as root the binaries live where
 * nobody can read and run them and only root can write: {@link #ROOT_BINARIES}.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final String USER = "ctl";
    private static final String DATABASE = "ctl";
    private static final String SERVER_GROUP = "nogroup";
    /**
     * As root: run as nobody with no supplementary group, an empty capability set of every kind
     * (bounding included, so no exec can regain one), no_new_privs, and killed if this JVM dies
     * first (so an initdb of a crashed run never writes on while the next run cleans up).
     */
    private static final long NOBODY_UID = 65534;
    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=nobody", "--regid=" + SERVER_GROUP,
            "--clear-groups", "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all", "--no-new-privs",
            "--pdeathsig=KILL");
    /** Temporary directories a crashed run may leave: a cluster being made, a password being written. */
    private static final String INITIALISING = ".data-initialising-";
    private static final String PASSWORD_TEMP = ".password";
    /** ctl's settings, in postgresql.conf and on the command line (which also covers clusters made before it). */
    private static final String SETTINGS = """

            # ctl's embedded database: only TCP on loopback, and no Unix socket at all (not in /tmp,
            # not anywhere): the password is what lets a run in.
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            max_connections = 30
            shared_buffers = 32MB
            """;
    static final Path ROOT_BINARIES = Path.of("/var/cache/ctl");
    /** Runs of this JVM sharing one server per data directory: file locks are per process. */
    private static final Map<Path, Shared> SHARED = new HashMap<>();

    private final Shared shared;
    private boolean closed;

    private EmbeddedPostgres(Shared shared) {
        this.shared = shared;
    }

    /**
     * Where the embedded database of this run lives: $CTL_DATA_DIR, else $XDG_DATA_HOME/ctl,
     * else /var/lib/ctl for root and $HOME/.local/share/ctl for others; within an existing
     * directory that is not ctl's (CTL_DATA_DIR=/tmp), its subdirectory ctl.
     */
    public static Path defaultDataDir(Map<String, String> env) {
        return defaultDataDir(env, isRoot());
    }

    static Path defaultDataDir(Map<String, String> env, boolean root) {
        return DataDirectory.choose(DataDirectory.configured(env, root));
    }

    /** The cluster of a data directory: where PG_VERSION and postmaster.pid are. */
    public static Path cluster(Path dir) {
        return dir.resolve("data");
    }

    /** The password file of a data directory (0600). */
    public static Path passwordFile(Path dir) {
        return dir.resolve("password");
    }

    /**
     * What a cluster's postmaster.pid says; live only when its pid is this cluster's postgres, a
     * pid file that outlived its server being stale. Read without changing anything (a run
     * removes a stale one): for ctl doctor, which looks before it connects.
     */
    public record Postmaster(long pid, boolean live, int port, String status) {}

    /** The postmaster.pid of dir's cluster, as {@link Postmaster} reads it; null when there is none. */
    public static Postmaster postmaster(Path dir) throws IOException {
        return PidFile.read(cluster(dir));
    }

    /** The environment of every PostgreSQL process: nothing of the caller's (its PG*, its cloud keys). */
    static Map<String, String> serverEnvironment() {
        return Map.of("PATH", "/usr/bin:/bin", "LANG", "C", "LC_ALL", "C");
    }

    /** Starts the server in dataDir, or shares the one running there; exit 6 if it cannot. */
    public static EmbeddedPostgres start(Path dataDir) {
        return start(dataDir, null);
    }

    /**
     * Like {@link #start(Path)}, with the binaries of another zonky jar, unpacked into the data
     * directory: for the tests that run ctl on other PostgreSQL versions.
     */
    static EmbeddedPostgres start(Path dataDir, Path binariesJar) {
        Path dir = DataDirectory.choose(dataDir);
        synchronized (SHARED) {
            Shared shared = SHARED.get(dir);
            if (shared == null) {
                shared = new Shared(dir, binariesJar);
                shared.acquire();
                SHARED.put(dir, shared);
            }
            shared.users++;
            EmbeddedPostgres handle = new EmbeddedPostgres(shared);
            Runtime.getRuntime().addShutdownHook(new Thread(handle::close));
            return handle;
        }
    }

    public String jdbcUrl() { return "jdbc:postgresql://127.0.0.1:" + shared.port + "/" + DATABASE; }
    public String user() { return USER; }
    public String password() { return shared.password; }
    public Path dataDir() { return shared.dir; }

    /** Releases this run's share; the last user of the server stops it. */
    @Override
    public void close() {
        synchronized (SHARED) {
            if (closed) {
                return;
            }
            closed = true;
            if (--shared.users == 0) {
                SHARED.remove(shared.dir);
                shared.release();
            }
        }
    }

    /**
     * False in a user namespace that maps no uid but root (`unshare -r`): there is no one for the
     * server to run as. Its uid_map lines are "first-inside first-outside count".
     */
    static boolean nobodyExists() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/uid_map"))) {
                String[] f = line.trim().split("\\s+");
                long first = Long.parseLong(f[0]);
                if (first <= NOBODY_UID && NOBODY_UID < first + Long.parseLong(f[2])) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return true; // no user namespaces here: every uid exists
        }
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** One data directory's server as this process uses it. */
    private static final class Shared {
        final Path dir;
        final Path data;
        final Path log;
        final boolean root;
        final Path binariesJar;
        int users;
        int port;
        String password;
        private FileChannel usersChannel;
        private FileLock usersLock;

        Shared(Path dir, Path binariesJar) {
            this.dir = dir;
            this.binariesJar = binariesJar;
            this.data = cluster(dir);
            this.log = dir.resolve("postgres.log");
            this.root = isRoot();
        }

        void acquire() {
            if (root && !nobodyExists()) {
                throw new CtlException(Exit.UNAVAILABLE, "the embedded database cannot start: ctl runs as root in a user "
                        + "namespace where no other user exists (such as `unshare -r`), and PostgreSQL refuses to run "
                        + "as root; run ctl as an ordinary user or outside that namespace (`unshare -n` needs no -r as "
                        + "root), or set DATABASE_URL");
            }
            try {
                DataDirectory.prepare(dir, root, SERVER_GROUP);
                try (FileChannel control = channel("control.lock"); FileLock ignored = control.lock()) {
                    removeLeftoversOfACrash();
                    Path home = binaries();
                    password = readOrCreatePassword();
                    createLog();
                    port = Files.isDirectory(data) ? PidFile.livePort(data) : 0;
                    if (port == 0) {
                        requireServerCanReachDir();
                        if (!Files.isDirectory(data)) {
                            initialise(home);
                        }
                        port = freePort();
                        run(home, "pg_ctl", "start", "-w", "-t", "60", "-D", data.toString(), "-l", log.toString(),
                                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''");
                        pauseAt("server-started");
                    }
                    createDatabase();
                    usersChannel = channel("users.lock");
                    usersLock = usersChannel.lock(0, Long.MAX_VALUE, true);
                }
            } catch (CtlException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw failure(e);
            }
        }

        void release() {
            try (FileChannel control = channel("control.lock"); FileLock ignored = control.lock()) {
                usersLock.release();
                FileLock last = usersChannel.tryLock();
                if (last != null) {
                    run(binaries(), "pg_ctl", "stop", "-m", "fast", "-w", "-t", "60", "-D", data.toString());
                    last.release();
                }
                usersChannel.close();
            } catch (IOException e) {
                throw new CtlException(Exit.UNAVAILABLE, "could not stop the embedded database in " + dir
                        + " (see " + log + ")", e);
            }
        }

        private Path binaries() throws IOException {
            return binariesJar != null ? Binaries.install(dir, binariesJar)
                    : Binaries.install(root ? ROOT_BINARIES : dir);
        }

        /**
         * Makes the cluster aside and renames it into place whole, with ctl's settings: a crash at
         * any moment leaves no data/ (the next run starts over) or a complete one, never a half
         * made cluster or one that would start without ctl's settings.
         */
        private void initialise(Path home) throws IOException {
            Path temp = Files.createTempDirectory(dir, INITIALISING);
            ownByServer(temp);
            // initdb runs as the server's user, who may not read ctl's password file: it gets a copy of its own.
            Path pwfile = Files.createTempFile(dir, PASSWORD_TEMP, "", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(pwfile, password + "\n");
                ownByServer(pwfile);
                run(home, "initdb", "-D", temp.toString(), "-U", USER, "--pwfile=" + pwfile,
                        "--auth=scram-sha-256", "-E", "UTF8", "--locale=C");
            } finally {
                Files.delete(pwfile);
            }
            pauseAt("initdb-done");
            Path conf = temp.resolve("postgresql.conf");
            Files.writeString(conf, SETTINGS, StandardOpenOption.APPEND);
            sync(conf);
            Files.move(temp, data, StandardCopyOption.ATOMIC_MOVE);
            sync(dir);
            pauseAt("cluster-ready");
        }

        /** Under control.lock, so no live run of ours is using them. */
        private void removeLeftoversOfACrash() throws IOException {
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path p : (Iterable<Path>) entries::iterator) {
                    String name = p.getFileName().toString();
                    if (name.startsWith(INITIALISING) || name.startsWith(PASSWORD_TEMP)) {
                        Binaries.deleteTree(p);
                    }
                }
            }
        }

        /** As root, the server runs as nobody: a directory it cannot reach is an error, not a reason to lend it a capability. */
        private void requireServerCanReachDir() throws IOException {
            if (!root) {
                return;
            }
            List<String> command = new ArrayList<>(AS_NOBODY);
            command.addAll(List.of("/usr/bin/test", "-x", dir.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().clear();
            pb.environment().putAll(serverEnvironment());
            if (waitFor(pb.start(), "test") != 0) {
                throw new CtlException(Exit.UNAVAILABLE, "the embedded database cannot run in " + dir
                        + ": as root its server runs as nobody, which cannot reach that directory; make the directories"
                        + " above it searchable (chmod o+x) or set CTL_DATA_DIR (default for root: "
                        + DataDirectory.ROOT_DEFAULT + ")");
            }
        }

        private void createLog() throws IOException {
            if (!Files.exists(log, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                ownByServer(log);
            }
        }

        /** Creates ctl's database once; the marker says it exists, even after a crash in between. */
        private void createDatabase() throws IOException {
            Path marker = dir.resolve("database-created");
            if (Files.exists(marker)) {
                return;
            }
            java.util.Properties props = new java.util.Properties();
            props.setProperty("user", USER);
            props.setProperty("password", password);
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
            try (var c = new org.postgresql.Driver().connect(url, props); var st = c.createStatement()) {
                boolean exists = st.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'").next();
                if (!exists) {
                    st.execute("create database " + DATABASE);
                }
            } catch (java.sql.SQLException e) {
                throw new IOException("could not create the database: " + e.getMessage(), e);
            }
            Files.createFile(marker);
        }

        private String readOrCreatePassword() throws IOException {
            Path file = passwordFile(dir);
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Path temp = Files.createTempFile(dir, PASSWORD_TEMP, "", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, secret + "\n");
            Files.move(temp, file);
            return secret;
        }

        private void run(Path home, String program, String... args) throws IOException {
            List<String> command = new ArrayList<>();
            if (root) {
                command.addAll(AS_NOBODY);
            }
            command.add(home.resolve("bin").resolve(program).toString());
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().clear();
            pb.environment().putAll(serverEnvironment());
            int exit = waitFor(pb.start(), program);
            if (exit != 0) {
                throw new IOException(program + " exited " + exit);
            }
        }

        private static int waitFor(Process process, String program) throws IOException {
            try {
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(program + " did not finish");
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(program + " was interrupted");
            }
        }

        /** Makes a write survive a power cut, not only a crash of ours, before it is relied on. */
        private static void sync(Path path) throws IOException {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }

        /** For the crash tests: -Dctl.embedded.pause=POINT stops the run there until it is killed. */
        private static void pauseAt(String point) {
            if (point.equals(System.getProperty("ctl.embedded.pause"))) {
                System.err.println("ctl: paused at " + point);
                System.err.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void ownByServer(Path path) throws IOException {
            if (!root) {
                return;
            }
            UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            view.setOwner(users.lookupPrincipalByName("nobody"));
            view.setGroup(users.lookupPrincipalByGroupName(SERVER_GROUP));
        }

        private FileChannel channel(String name) throws IOException {
            return FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }

        private CtlException failure(Exception e) {
            return new CtlException(Exit.UNAVAILABLE, "the embedded database could not start in " + dir
                    + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "; see " + log + ")", e);
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }
    }
}
