package ctl.doctor;

import ctl.base.CtlException;
import ctl.db.Database;
import org.jooq.Record3;
import org.jooq.impl.DSL;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether ctl's connection goes through a pooler. A transaction-pooling one (PgBouncer's
 * pool_mode = transaction) hands each transaction whatever server session is free, so two
 * client connections taking turns end up on one server session (the LIFO reuse of PgBouncer's
 * default), or one client lands on another session (round robin): the server's backend pid
 * says which. Anything else in between (a session-pooling pooler, a proxy, NAT) shows as a
 * server that answers on another address or port than ctl dialled. Informational: ctl keeps no
 * session state and names no server-side statement, so it works through either. Every step is
 * bounded by ctl's connect and statement timeouts.
 */
final class PoolerCheck {
    /** Whose turn it is: taking turns catches LIFO reuse, a client going twice catches round robin. */
    private static final boolean[] TURNS = {true, false, true, false, true, true, false, false};
    private static final Pattern SOCKET_PORT = Pattern.compile("\\.s\\.PGSQL\\.(\\d+)");

    private PoolerCheck() {}

    static Check check(Database db) {
        Record3<String, Integer, Integer> server = db.read(dsl -> dsl.select(
                DSL.field("host(inet_server_addr())", String.class),
                DSL.field("inet_server_port()", Integer.class),
                DSL.field("current_setting('port')::int", Integer.class)).fetchOne());
        String between = between(db, server.value1(), server.value2(), server.value3());
        Set<Integer> mine = new LinkedHashSet<>();
        Set<Integer> theirs = new LinkedHashSet<>();
        try (Database other = db.another()) {
            for (boolean me : TURNS) {
                (me ? mine : theirs).add(pid(me ? db : other));
            }
        } catch (CtlException e) {
            return Check.warn("pooler", "cannot tell: a second connection failed (" + e.getMessage() + ")"
                    + (between == null ? "" : "; " + between));
        }
        Set<Integer> shared = new LinkedHashSet<>(mine);
        shared.retainAll(theirs);
        String works = "; ctl keeps nothing in session state, so it works there";
        if (!shared.isEmpty()) {
            return Check.ok("pooler", "through a transaction-pooling pooler: two client connections shared server "
                    + "session " + shared.iterator().next() + works);
        }
        if (mine.size() > 1 || theirs.size() > 1) {
            Set<Integer> moved = mine.size() > 1 ? mine : theirs;
            return Check.ok("pooler", "through a transaction-pooling pooler: one client connection ran on server "
                    + "sessions " + String.join(", ", moved.stream().map(String::valueOf).toList()) + works);
        }
        if (between != null) {
            return Check.ok("pooler", "through a session-pooling pooler, a proxy or NAT: " + between
                    + "; each client connection kept its server session");
        }
        return Check.ok("pooler", "direct to the server (backend pid " + mine.iterator().next()
                + " stays with this session)");
    }

    private static int pid(Database db) {
        return db.read(dsl -> dsl.select(DSL.field("pg_backend_pid()", Integer.class)).fetchOne(0, Integer.class));
    }

    /**
     * What says something stands between ctl and the server: the server answering on another
     * address or port than ctl dialled, or over another transport; null when all agrees.
     */
    private static String between(Database db, String address, Integer port, int listening) {
        InetSocketAddress dialled = db.dialled();
        if (dialled == null) {
            Matcher socket = SOCKET_PORT.matcher(db.where());
            if (address != null) {
                return "ctl dialled a Unix-domain socket, the server was reached over TCP at " + hostPort(address, port);
            }
            if (socket.find() && Integer.parseInt(socket.group(1)) != listening) {
                return "ctl dialled the socket of port " + socket.group(1) + ", the server listens on port " + listening;
            }
            return null;
        }
        String dialledAt = hostPort(dialled.getHostString(), dialled.getPort());
        if (address == null) {
            return "ctl dialled " + dialledAt + ", the server was reached over a Unix-domain socket";
        }
        if (port != dialled.getPort() || !sameHost(dialled.getHostString(), address)) {
            return "ctl dialled " + dialledAt + ", the server answers on " + hostPort(address, port);
        }
        return null;
    }

    /** True when the host ctl dialled is (or resolves to) the address the server sees; true when unsure. */
    private static boolean sameHost(String dialled, String address) {
        try {
            InetAddress server = InetAddress.getByName(address); // a literal: no lookup
            // the name resolved a moment ago for the connection: the JVM's cache answers
            return Arrays.asList(InetAddress.getAllByName(dialled)).contains(server);
        } catch (UnknownHostException e) {
            return true;
        }
    }

    private static String hostPort(String host, Integer port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
