package ctl.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay from 127.0.0.1:{@link #port} to the test server that can be made to stall the
 * way a dead network does: nothing passes either way any more, and no connection is closed.
 *
 * <p>{@link #stall} stalls right after the server has said it is waiting inside a transaction
 * (ReadyForQuery 'T'), so the server side is left idle in a transaction, the case SPEC §5's
 * idle_in_transaction_session_timeout covers. It reads the server's side of the protocol for
 * that alone, so connections must not use TLS ({@code sslmode=disable}). For the same reason it
 * can count the transactions that clients began through it: {@link #transactions}.
 */
public final class StallingRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final String host;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final CountDownLatch stalled = new CountDownLatch(1);
    private volatile boolean stallRequested;
    private final AtomicInteger transactions = new AtomicInteger();
    public final int port;

    private StallingRelay(String host, int targetPort) throws IOException {
        this.host = host;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = listener.getLocalPort();
        Thread accept = new Thread(this::accept, "relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public static StallingRelay to(TestServer server) {
        try {
            return new StallingRelay(server.host, server.port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A URL as an operator would give it, through the relay. */
    public String url(TestServer server, String database) {
        return "postgres://" + server.user + (server.password == null ? "" : ":" + server.password)
                + "@127.0.0.1:" + port + "/" + database + "?sslmode=disable";
    }

    /** Stalls every connection at the next moment the server waits inside a transaction; false if none came. */
    public boolean stall(long timeoutMs) throws InterruptedException {
        stallRequested = true;
        return stalled.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** How many transactions the server began through this relay so far (ReadyForQuery going from idle to 'T'). */
    public int transactions() {
        return transactions.get();
    }

    private boolean isStalled() {
        return stalled.getCount() == 0;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(host, targetPort);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, false);
                pump(server, client, true);
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromServer) {
        Thread t = new Thread(() -> {
            ServerMessages messages = new ServerMessages(transactions);
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                while (true) {
                    awaitUnlessStalled();
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    int end = fromServer ? messages.endOfReadyInTransaction(buf, n) : -1;
                    if (fromServer && stallRequested && end >= 0) {
                        // Stalled before the client can answer: the rest of this read, and all
                        // that follows either way, is never forwarded.
                        stalled.countDown();
                        out.write(buf, 0, end);
                        out.flush();
                        continue;
                    }
                    awaitUnlessStalled();
                    out.write(buf, 0, n);
                    out.flush();
                }
                if (!isStalled()) {
                    to.shutdownOutput();
                }
            } catch (IOException e) {
                // a side went away
            }
            awaitUnlessStalled();
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Once stalled, a pump waits here for good, holding its sockets open. */
    private void awaitUnlessStalled() {
        while (isStalled()) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                return; // close(): let go
            }
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // best effort
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    /**
     * Frames the server's messages (type byte, int32 length) to find ReadyForQuery ('Z') and its
     * transaction status. The single unframed 'N' answering an SSLRequest comes first, if at all.
     */
    private static final class ServerMessages {
        private boolean started;
        private int header; // bytes of the 5-byte header seen
        private byte type;
        private int length;
        private long bodyLeft;
        private final AtomicInteger transactions;
        char lastReady;

        ServerMessages(AtomicInteger transactions) {
            this.transactions = transactions;
        }

        /** Consumes {@code n} bytes; returns the offset just past a ReadyForQuery 'T' in them, else -1. */
        int endOfReadyInTransaction(byte[] buf, int n) {
            int found = -1;
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (!started) {
                    started = true;
                    if (b == 'N') {
                        continue;
                    }
                }
                if (bodyLeft > 0) {
                    if (type == 'Z' && bodyLeft == 1) { // ReadyForQuery's one byte: I, T or E
                        if (b == 'T' && lastReady != 'T') {
                            transactions.incrementAndGet();
                        }
                        lastReady = (char) b;
                        if (b == 'T' && found < 0) {
                            found = i + 1;
                        }
                    }
                    int skip = (int) Math.min(bodyLeft, n - i);
                    bodyLeft -= skip;
                    i += skip - 1;
                    continue;
                }
                if (header == 0) {
                    type = b;
                    length = 0;
                    header = 1;
                } else {
                    length = (length << 8) | (b & 0xff);
                    if (++header == 5) {
                        header = 0;
                        bodyLeft = length - 4;
                    }
                }
            }
            return found;
        }
    }
}
