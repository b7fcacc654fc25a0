package ctl.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener on 127.0.0.1 that speaks just enough of PostgreSQL's start-up protocol to fail
 * the way a real server does where this machine's cannot (it trusts 127.0.0.1): it answers
 * no to TLS, asks for a cleartext password and refuses it with the given SQLState, or, when
 * silent, accepts connections and never answers (a firewall that drops, a wrong service).
 * {@link #passwordsSent} holds what clients sent as passwords, {@link #tlsRequests} how many
 * asked for TLS first.
 */
public final class FakePostgres implements AutoCloseable {
    private final ServerSocket listener;
    private final String sqlState;
    private final String message;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    public final List<String> passwordsSent = new CopyOnWriteArrayList<>();
    public final AtomicInteger tlsRequests = new AtomicInteger();
    public final int port;

    private FakePostgres(String sqlState, String message) throws IOException {
        this.sqlState = sqlState;
        this.message = message;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = listener.getLocalPort();
        Thread accept = new Thread(this::accept, "fake-postgres");
        accept.setDaemon(true);
        accept.start();
    }

    /** Asks for a password, then refuses the login with a FATAL of this SQLState and message. */
    public static FakePostgres refusingLogin(String sqlState, String message) {
        try {
            return new FakePostgres(sqlState, message);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Accepts connections and never says a word. */
    public static FakePostgres silent() {
        return refusingLogin(null, null);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                sockets.add(s);
                if (sqlState != null) {
                    Thread t = new Thread(() -> converse(s), "fake-postgres-session");
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void converse(Socket s) {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            int length = in.readInt();
            int code = in.readInt();
            if (code == 80877103) {
                tlsRequests.incrementAndGet();
            }
            if (code == 80877103 || code == 80877104) { // SSLRequest, GSSENCRequest: no
                out.writeByte('N');
                out.flush();
                length = in.readInt();
                code = in.readInt();
            }
            in.readNBytes(length - 8); // the start-up parameters
            out.writeByte('R'); // AuthenticationCleartextPassword
            out.writeInt(8);
            out.writeInt(3);
            out.flush();
            if (in.readByte() == 'p') {
                byte[] password = in.readNBytes(in.readInt() - 4);
                passwordsSent.add(new String(password, 0, Math.max(0, password.length - 1), StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream fields = new ByteArrayOutputStream();
            field(fields, 'S', "FATAL");
            field(fields, 'V', "FATAL");
            field(fields, 'C', sqlState);
            field(fields, 'M', message);
            fields.write(0);
            out.writeByte('E');
            out.writeInt(4 + fields.size());
            out.write(fields.toByteArray());
            out.flush();
        } catch (IOException e) {
            // the client went away: nothing more to say
        }
    }

    private static void field(ByteArrayOutputStream out, char type, String value) {
        out.write(type);
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    @Override
    public void close() {
        try {
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
        } catch (IOException ignored) {
            // best effort
        }
    }
}
