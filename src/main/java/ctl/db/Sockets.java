package ctl.db;

import ctl.base.CtlException;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Unix-domain sockets, libpq's way (SPEC §1; Debian's PostgreSQL and the Mastodon and Pleroma
 * install guides connect so, with peer authentication): {@code postgres:///db} (the default
 * socket directory), {@code postgres://user@%2Fvar%2Frun%2Fpostgresql/db} (an encoded
 * directory as the host), {@code ?host=/var/run/postgresql}, and {@code PGHOST=/dir}. pgjdbc
 * reaches the socket {@code <dir>/.s.PGSQL.<port>} through junixsocket's socket factory.
 */
final class Sockets {
    /** Where libpq looks when no directory is given: Debian's, else upstream's default. */
    static final List<String> DEFAULT_DIRECTORIES = List.of("/var/run/postgresql", "/tmp");
    private static final String FACTORY = "org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg";

    private Sockets() {}

    /** The connection a postgres:// URL names when it names a socket; null when it names a host. */
    static DatabaseConfig.Connection fromUrl(String url) {
        String rest = url.replaceFirst("^postgres(ql)?://", "");
        int end = indexOfAny(rest, "/?");
        String authority = rest.substring(0, end);
        String path = rest.substring(end);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? null : authority.substring(0, at);
        String hostPort = authority.substring(at + 1);
        int query = path.indexOf('?');
        String database = query < 0 ? path : path.substring(0, query);
        List<String> params = new ArrayList<>();
        String hostParam = null;
        String portParam = null;
        if (query >= 0) {
            for (String pair : path.substring(query + 1).split("&")) {
                String name = pair.split("=", 2)[0];
                String value = pair.contains("=") ? decode(pair.split("=", 2)[1]) : "";
                if (name.equals("host")) {
                    hostParam = value;
                } else if (name.equals("port")) {
                    portParam = value;
                } else if (!pair.isEmpty()) {
                    params.add(pair);
                }
            }
        }
        String host = hostPort;
        String port = portParam;
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && colon > hostPort.lastIndexOf(']')) {
            host = hostPort.substring(0, colon);
            port = port != null ? port : hostPort.substring(colon + 1);
        }
        host = hostParam != null ? hostParam : decode(host);
        if (!host.isEmpty() && !host.startsWith("/")) {
            return null; // a host name: the caller's TCP path
        }
        String directory = host.isEmpty() ? defaultDirectory() : host;
        String user = null;
        String password = null;
        if (userInfo != null) {
            String[] parts = userInfo.split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String db = database.length() <= 1 ? (user == null ? System.getProperty("user.name") : user)
                : decode(database.substring(1));
        if (port != null && !port.matches("\\d{1,5}")) {
            throw CtlException.usage("invalid database URL: bad port");
        }
        return new DatabaseConfig.Connection(jdbcUrl(directory, port == null ? "5432" : port, db,
                String.join("&", params)), user, password);
    }

    /** pgjdbc's URL for the socket in {@code directory}: the host part is a placeholder it never dials. */
    static String jdbcUrl(String directory, String port, String database, String otherParams) {
        String socket = directory.replaceAll("/+$", "") + "/.s.PGSQL." + port;
        return "jdbc:postgresql://localhost:" + port + "/" + encode(database)
                + "?socketFactory=" + encode(FACTORY) + "&socketFactoryArg=" + encode(socket)
                + (otherParams == null || otherParams.isEmpty() ? "" : "&" + otherParams);
    }

    private static String defaultDirectory() {
        for (String dir : DEFAULT_DIRECTORIES) {
            if (Files.isDirectory(Path.of(dir))) {
                return dir;
            }
        }
        return DEFAULT_DIRECTORIES.get(DEFAULT_DIRECTORIES.size() - 1);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
