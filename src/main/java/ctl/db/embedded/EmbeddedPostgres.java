package ctl.db.embedded;

import ctl.CtlException;
import ctl.Exit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * The embedded default of SPEC §1: a real PostgreSQL kept in a data directory, started for
 * a run and stopped after the last run that uses it.
 *
 * <p>Layout of the data directory (mode 0700): {@code pg-<version>/} the binaries,
 * {@code data/} the cluster, {@code password} (0600), {@code postgres.log}, and two lock
 * files. {@code control.lock} is held exclusively while a run starts or stops the server;
 * each run holds {@code users.lock} shared while it uses it, so the run that can take it
 * exclusively at the end is the last one and stops the server. Locks die with their
 * process, so a crashed run never blocks the next.
 *
 * <p>PostgreSQL refuses to run as root. As root, its processes run as {@code nobody}, which
 * owns {@code data/}, with the one capability CAP_DAC_READ_SEARCH so that it can reach a data
 * directory below /root (mode 0700). initdb and pg_ctl check their own binaries with
 * access(2), which ignores capabilities, so as root the binaries live where nobody can reach
 * them and only root can write: {@link #ROOT_BINARIES}.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final String USER = "ctl";
    private static final String DATABASE = "ctl";
    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
            "--clear-groups", "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search");
    static final Path ROOT_BINARIES = Path.of("/var/cache/ctl");
    /** Runs of this JVM sharing one server per data directory: file locks are per process. */
    private static final Map<Path, Shared> SHARED = new HashMap<>();

    private final Shared shared;
    private boolean closed;

    private EmbeddedPostgres(Shared shared) {
        this.shared = shared;
    }

    /** $CTL_DATA_DIR, else $XDG_DATA_HOME/ctl, else $HOME/.local/share/ctl. */
    public static Path defaultDataDir(Map<String, String> env) {
        String dir = env.get("CTL_DATA_DIR");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir).toAbsolutePath();
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return Path.of(xdg, "ctl").toAbsolutePath();
        }
        String home = env.get("HOME");
        return Path.of(home == null || home.isEmpty() ? System.getProperty("user.home") : home, ".local", "share", "ctl");
    }

    /** Starts the server in dataDir, or shares the one running there; exit 6 if it cannot. */
    public static EmbeddedPostgres start(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        synchronized (SHARED) {
            Shared shared = SHARED.get(dir);
            if (shared == null) {
                shared = new Shared(dir);
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

    /** One data directory's server as this process uses it. */
    private static final class Shared {
        final Path dir;
        final Path data;
        final Path log;
        final boolean root;
        int users;
        int port;
        String password;
        private FileChannel usersChannel;
        private FileLock usersLock;

        Shared(Path dir) {
            this.dir = dir;
            this.data = dir.resolve("data");
            this.log = dir.resolve("postgres.log");
            this.root = isRoot();
        }

        void acquire() {
            try {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                try (FileChannel control = channel("control.lock"); FileLock ignored = control.lock()) {
                    Path home = Binaries.install(root ? ROOT_BINARIES : dir);
                    password = readOrCreatePassword();
                    if (!Files.exists(data.resolve("PG_VERSION"))) {
                        initialise(home);
                    }
                    port = runningPort();
                    if (port == 0) {
                        port = freePort();
                        run(home, "pg_ctl", "start", "-w", "-t", "60", "-D", data.toString(), "-l", log.toString(),
                                "-o", "-p " + port);
                    }
                    createDatabase();
                    usersChannel = channel("users.lock");
                    usersLock = usersChannel.lock(0, Long.MAX_VALUE, true);
                }
            } catch (IOException | RuntimeException e) {
                throw failure(e);
            }
        }

        void release() {
            try (FileChannel control = channel("control.lock"); FileLock ignored = control.lock()) {
                usersLock.release();
                FileLock last = usersChannel.tryLock();
                if (last != null) {
                    run(Binaries.install(root ? ROOT_BINARIES : dir), "pg_ctl", "stop", "-m", "fast", "-w", "-t", "60", "-D", data.toString());
                    last.release();
                }
                usersChannel.close();
            } catch (IOException e) {
                throw new CtlException(Exit.UNAVAILABLE, "could not stop the embedded database in " + dir
                        + " (see " + log + ")", e);
            }
        }

        private void initialise(Path home) throws IOException {
            Files.createDirectories(data);
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
            Path pwfile = dir.resolve("password");
            if (!Files.exists(log)) {
                Files.createFile(log);
            }
            ownByServer(data);
            ownByServer(log);
            run(home, "initdb", "-D", data.toString(), "-U", USER, "--pwfile=" + pwfile, "--auth=scram-sha-256",
                    "-E", "UTF8", "--locale=C");
            // Only TCP on loopback, and no socket: the password is what lets a run in.
            Files.writeString(data.resolve("postgresql.conf"), """

                    # ctl's embedded database
                    listen_addresses = '127.0.0.1'
                    unix_socket_directories = ''
                    max_connections = 30
                    shared_buffers = 32MB
                    """, StandardOpenOption.APPEND);
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

        /** The port of a live server in data/, or 0; a stale postmaster.pid is removed. */
        private int runningPort() throws IOException {
            Path pidFile = data.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return 0;
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() >= 4 && isPostgres(lines.get(0).trim())) {
                return Integer.parseInt(lines.get(3).trim());
            }
            Files.deleteIfExists(pidFile);
            return 0;
        }

        private static boolean isPostgres(String pid) {
            try {
                byte[] cmdline = Files.readAllBytes(Path.of("/proc", pid, "cmdline"));
                return new String(cmdline, StandardCharsets.UTF_8).contains("postgres");
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        private String readOrCreatePassword() throws IOException {
            Path file = dir.resolve("password");
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Path temp = Files.createTempFile(dir, ".password", "", PosixFilePermissions.asFileAttribute(
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
            pb.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("LC_"));
            pb.environment().put("PGPASSWORD", password);
            pb.environment().put("LANG", "C");
            Process process = pb.start();
            try {
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(program + " did not finish");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(program + " was interrupted");
            }
            if (process.exitValue() != 0) {
                throw new IOException(program + " exited " + process.exitValue());
            }
        }

        private void ownByServer(Path path) throws IOException {
            if (!root) {
                return;
            }
            UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            view.setOwner(users.lookupPrincipalByName("nobody"));
            view.setGroup(users.lookupPrincipalByGroupName("nogroup"));
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

        private static boolean isRoot() {
            try {
                return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
            } catch (IOException | RuntimeException e) {
                return "root".equals(System.getProperty("user.name"));
            }
        }
    }
}
