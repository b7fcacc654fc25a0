package ctl.db;

import org.postgresql.util.PSQLException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import javax.net.ssl.SSLException;

/**
 * Why a connection could not be made, said so that the operator knows what to check: the
 * host name, whether PostgreSQL listens, the password or pg_hba.conf, the database's name,
 * TLS, the network. pgjdbc says most of these as "The connection attempt failed."; the
 * cause it wraps, or the server's SQLState, tells them apart. Never names a password.
 */
final class ConnectFailure {
    private ConnectFailure() {}

    /**
     * The reason, after "cannot connect to the database at host:port/db: ".
     * {@code url} is the JDBC URL, {@code user} the user ctl connected as (null: pgjdbc's default).
     */
    static String reason(SQLException e, String url, String user) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String server = serverMessage(e);
        String endpoint = endpoint(url);
        String who = "\"" + effectiveUser(url, user) + "\"";
        switch (state) {
            case "28P01":
                return firstNonNull(server, "password authentication failed for user " + who)
                        + ": check the password (in the URL, PGPASSWORD, ~/.pgpass or the config file)";
            case "28000":
                return firstNonNull(server, "the server refused user " + who)
                        + ": check the user name and the server's pg_hba.conf";
            case "3D000":
                String database = DatabaseConfig.database(url);
                return "database \"" + database + "\" does not exist: create it (createdb " + database
                        + ") and run `ctl migrate`, or fix the database name";
            default:
                break;
        }
        String message = String.valueOf(e.getMessage());
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host " + host(endpoint) + ": check the host name (its DNS lookup failed)";
            }
            if (t instanceof ConnectException && !(t instanceof NoRouteToHostException)) {
                return "connection refused: nothing is listening on " + endpoint
                        + "; is PostgreSQL running, and on that host and port?";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to " + host(endpoint) + ": check the host name and the network";
            }
            if (t instanceof SocketTimeoutException) {
                return timedOut(url, endpoint);
            }
            if (t instanceof SSLException) {
                return "TLS failed (" + firstLine(t.getMessage()) + "): check sslmode and the server's certificate";
            }
            if (t instanceof SocketException && endpoint.startsWith("/")) {
                String why = String.valueOf(t.getMessage());
                return why.contains("No such file") ? "no socket at " + endpoint
                        + ": is PostgreSQL running, and are that directory and port its own?"
                        : why.contains("refused") ? "connection refused: nothing is listening on " + endpoint
                        + "; is PostgreSQL running?"
                        : firstLine(why) + " at " + endpoint;
            }
        }
        if (message.contains("timed out")) {
            return timedOut(url, endpoint);
        }
        if (message.contains("does not support SSL")) {
            String mode = DatabaseConfig.queryParameter(url, "sslmode");
            return "the server does not offer TLS and " + (mode == null ? "ssl=true" : "sslmode=" + mode)
                    + " requires it: enable ssl on the server, or use sslmode=prefer";
        }
        if (message.contains("SSL")) {
            return "the connection failed while negotiating TLS: is " + endpoint + " a PostgreSQL server?";
        }
        if (message.contains("but no password was provided") || message.contains("but the password is an empty")) {
            return "the server asks for a password for user " + who
                    + " and none was given: put it in the URL, PGPASSWORD, ~/.pgpass or the config file";
        }
        return firstLine(firstNonNull(server, message));
    }

    private static String timedOut(String url, String endpoint) {
        String seconds = firstNonNull(DatabaseConfig.queryParameter(url, "loginTimeout"), "5");
        return "no answer from " + endpoint + " within " + seconds
                + " s: check that it is the PostgreSQL server, and that no firewall drops the connection";
    }

    /** The server's own words (a FATAL at start-up), without pgjdbc's decoration. */
    private static String serverMessage(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            return p.getServerErrorMessage().getMessage();
        }
        return null;
    }

    /** host:port, or the socket's path: what the message names before "/db" or ", database db". */
    private static String endpoint(String url) {
        String described = DatabaseConfig.describe(url);
        int socket = described.indexOf(", database ");
        if (socket >= 0) {
            return described.substring(0, socket);
        }
        int slash = described.indexOf('/');
        return slash < 0 ? described : described.substring(0, slash);
    }

    private static String host(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        return colon > endpoint.lastIndexOf(']') ? endpoint.substring(0, colon) : endpoint;
    }

    private static String effectiveUser(String url, String user) {
        return firstNonNull(user, DatabaseConfig.queryParameter(url, "user"), System.getProperty("user.name"));
    }

    private static String firstLine(String m) {
        String s = String.valueOf(m);
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }
}
