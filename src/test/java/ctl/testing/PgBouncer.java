package ctl.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's pgbouncer in front of the test server, configured as operators commonly do for
 * JDBC clients: transaction pooling, extra_float_digits ignored, and nothing else special.
 * The pool is small, so that server connections really are shared between the transactions
 * of different clients. It runs as nobody when the tests run as root (pgbouncer refuses root),
 * from a temp directory of its own that {@link #close} removes.
 */
public final class PgBouncer implements AutoCloseable {
    private static final List<String> BINARIES = List.of("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer");

    private final Path dir;
    private final Process process;
    public final int port;

    private PgBouncer(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** Starts pgbouncer in transaction mode with {@code poolSize} server connections per database. */
    public static PgBouncer start(TestServer server, int poolSize) {
        return start(server, poolSize, "transaction");
    }

    /** Starts pgbouncer with that pool_mode ({@code session}, {@code transaction}). */
    public static PgBouncer start(TestServer server, int poolSize, String poolMode) {
        Path binary = BINARIES.stream().map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("no pgbouncer: apt-get install pgbouncer (.ci/run does)"));
        Path dir = null;
        try {
            dir = Files.createTempDirectory("ctl-pgbouncer", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
            int port = freePort();
            // auth_type = any: clients need no password; pgbouncer logs in to the server as the
            // user (and password) of the [databases] line.
            Files.writeString(dir.resolve("pgbouncer.ini"), """
                    [databases]
                    * = host=%s port=%d user=%s%s

                    [pgbouncer]
                    listen_addr = 127.0.0.1
                    listen_port = %d
                    unix_socket_dir =
                    auth_type = any
                    pool_mode = %s
                    default_pool_size = %d
                    max_client_conn = 200
                    ignore_startup_parameters = extra_float_digits
                    logfile = %s
                    pidfile = %s
                    """.formatted(server.host, server.port, server.user,
                    server.password == null ? "" : " password=" + server.password, port, poolMode, poolSize,
                    dir.resolve("pgbouncer.log"), dir.resolve("pgbouncer.pid")));
            List<String> command = new ArrayList<>();
            if (OsUser.isRoot()) {
                Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
                command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--pdeathsig=KILL"));
            }
            command.addAll(List.of(binary.toString(), dir.resolve("pgbouncer.ini").toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout").toFile()).start();
            PgBouncer bouncer = new PgBouncer(dir, process, port);
            bouncer.awaitListening();
            return bouncer;
        } catch (IOException | RuntimeException e) {
            if (dir != null) {
                deleteTree(dir);
            }
            throw new IllegalStateException("pgbouncer did not start: " + e.getMessage(), e);
        }
    }

    /** A URL as an operator would give it to ctl: through pgbouncer, no password. */
    public String url(String database) {
        return "postgres://ctl@127.0.0.1:" + port + "/" + database;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** What pgbouncer logged so far: for failure messages. */
    public String log() {
        try {
            return Files.readString(dir.resolve("pgbouncer.log")) + Files.readString(dir.resolve("stdout"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("pgbouncer exited " + process.exitValue() + ":\n" + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        close();
        throw new IOException("pgbouncer is not listening on " + port + " after 10 s:\n" + log());
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: pgbouncer closes its connections and exits
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(dir);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort
        }
    }
}
