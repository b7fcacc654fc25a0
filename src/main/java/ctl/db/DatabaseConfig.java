package ctl.db;

import ctl.base.CtlException;
import ctl.base.Environment;
import ctl.base.GlobalOptions;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which database a run uses, resolved in SPEC §1's order: --database-url, CTL_DATABASE_URL,
 * DATABASE_URL, database.url in the config file, libpq's PG* variables, else the embedded one.
 * With no password given, libpq's password file (PGPASSFILE or ~/.pgpass) is asked, as libpq
 * would. {@link #warnings} are what the caller should say on stderr before connecting: a
 * password on the command line, a password file or config file others can read.
 */
public record DatabaseConfig(
        Source source,
        String jdbcUrl,
        String user,
        String password,
        String baseUrl,
        String lockTimeout,
        String statementTimeout,
        List<String> warnings) {

    public DatabaseConfig {
        warnings = List.copyOf(warnings);
    }

    public DatabaseConfig(Source source, String jdbcUrl, String user, String password, String baseUrl,
                          String lockTimeout, String statementTimeout) {
        this(source, jdbcUrl, user, password, baseUrl, lockTimeout, statementTimeout, List.of());
    }

    public enum Source { OPTION, CTL_DATABASE_URL, DATABASE_URL, CONFIG_FILE, LIBPQ_ENV, EMBEDDED }

    static final Path DEFAULT_CONFIG = Path.of("/etc/ctl/ctl.conf");
    static final String DEFAULT_BASE_URL = "http://localhost:4000";

    public boolean embedded() {
        return source == Source.EMBEDDED;
    }

    /** host:port/database, or the socket and database, for messages: never the password. */
    public String describe() {
        return describe(jdbcUrl);
    }

    /**
     * host:port/database of any URL form: no scheme, no user or password, no query; for a
     * Unix-domain socket, its path and the database.
     */
    static String describe(String url) {
        String socket = queryParameter(url, "socketFactoryArg");
        if (socket != null) {
            String rest = url.replaceFirst("^[^/]*//[^/]*/?", "");
            int query = rest.indexOf('?');
            return socket + ", database " + decode(query < 0 ? rest : rest.substring(0, query));
        }
        String rest = url.replaceFirst("^[A-Za-z][A-Za-z0-9+.:-]*://", "");
        int query = rest.indexOf('?');
        rest = query < 0 ? rest : rest.substring(0, query);
        int path = rest.indexOf('/');
        int at = rest.lastIndexOf('@', path < 0 ? rest.length() - 1 : path);
        return at < 0 ? rest : rest.substring(at + 1);
    }

    /** The database a JDBC URL names, decoded. */
    static String database(String jdbcUrl) {
        String rest = jdbcUrl.replaceFirst("^[^/]*//[^/?]*/?", "");
        int query = rest.indexOf('?');
        return decode(query < 0 ? rest : rest.substring(0, query));
    }

    public static DatabaseConfig resolve(Environment env, GlobalOptions options) {
        List<String> warnings = new ArrayList<>();
        ConfigFile file = readConfig(env, options);
        String baseUrl = firstOf(options.baseUrl, env.var("CTL_BASE_URL"), file.get("base_url"), DEFAULT_BASE_URL);
        String lockTimeout = timeout("lock_timeout", "CTL_LOCK_TIMEOUT", env, file, "3s");
        String statementTimeout = timeout("statement_timeout", "CTL_STATEMENT_TIMEOUT", env, file, "5min");
        file.warnIfItsPasswordIsReadable(warnings);

        Source source;
        String url;
        if (options.embedded) {
            return new DatabaseConfig(Source.EMBEDDED, null, null, null, baseUrl, lockTimeout, statementTimeout, warnings);
        } else if (options.databaseUrl != null) {
            source = Source.OPTION;
            url = options.databaseUrl;
        } else if (env.var("CTL_DATABASE_URL") != null) {
            source = Source.CTL_DATABASE_URL;
            url = env.var("CTL_DATABASE_URL");
        } else if (env.var("DATABASE_URL") != null) {
            source = Source.DATABASE_URL;
            url = env.var("DATABASE_URL");
        } else if (file.get("database.url") != null) {
            source = Source.CONFIG_FILE;
            url = file.get("database.url");
        } else if (env.var("PGHOST") != null || env.var("PGDATABASE") != null) {
            return fromLibpqEnv(env, baseUrl, lockTimeout, statementTimeout, warnings);
        } else {
            return new DatabaseConfig(Source.EMBEDDED, null, null, null, baseUrl, lockTimeout, statementTimeout, warnings);
        }
        Connection c = parseUrl(url);
        if (source == Source.OPTION && hasPassword(c)) {
            warnings.add("a password in --database-url is visible in the process list; "
                    + "put it in PGPASSWORD, ~/.pgpass or the config file (mode 600) instead");
        }
        if (!hasPassword(c)) {
            c = withPasswordFile(env, c, warnings);
        }
        return new DatabaseConfig(source, c.jdbcUrl, c.user, c.password, baseUrl, lockTimeout, statementTimeout, warnings);
    }

    record Connection(String jdbcUrl, String user, String password) {}

    /** postgres://user:pass@host:port/db?sslmode=…, postgresql://…, or jdbc:postgresql://… */
    static Connection parseUrl(String url) {
        if (url.startsWith("jdbc:postgresql://")) {
            return parseJdbcUrl(url);
        }
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            throw CtlException.usage("invalid database URL: expected postgres://, postgresql:// or jdbc:postgresql://");
        }
        Connection socket = Sockets.fromUrl(url);
        if (socket != null) {
            return socket;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw CtlException.usage("invalid database URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw CtlException.usage("invalid database URL: no host");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String database = uri.getRawPath() == null || uri.getRawPath().length() <= 1
                ? (user == null ? "postgres" : user)
                : decode(uri.getRawPath().substring(1));
        String jdbc = "jdbc:postgresql://" + host + ":" + port + "/" + database
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new Connection(jdbc, user, password);
    }

    /**
     * A jdbc: URL as pgjdbc takes it, except that a {@code user:password@} before the host
     * (which pgjdbc would take for part of the host name, and print) becomes user and password.
     */
    private static Connection parseJdbcUrl(String url) {
        String rest = url.substring("jdbc:postgresql://".length());
        int end = indexOfAny(rest, "/?");
        int at = rest.lastIndexOf('@', end - 1);
        if (at < 0) {
            return new Connection(url, null, null);
        }
        String[] userInfo = rest.substring(0, at).split(":", 2);
        return new Connection("jdbc:postgresql://" + rest.substring(at + 1), decode(userInfo[0]),
                userInfo.length > 1 ? decode(userInfo[1]) : null);
    }

    private static boolean hasPassword(Connection c) {
        return c.password != null || queryParameter(c.jdbcUrl, "password") != null;
    }

    /**
     * The connection with the password libpq's password file gives it, and its user named.
     * When the file gives none, the password is empty rather than null: pgjdbc would
     * otherwise read ~/.pgpass on its own, from the real environment and without libpq's
     * permission check, and the password used would not be the one ctl decided on.
     */
    private static Connection withPasswordFile(Environment env, Connection c, List<String> warnings) {
        String rest = c.jdbcUrl.substring("jdbc:postgresql://".length());
        int end = indexOfAny(rest, "/?");
        String hostPort = rest.substring(0, end);
        if (hostPort.contains(",")) {
            return c; // several hosts: left to pgjdbc, which asks the file for each
        }
        String host = hostPort;
        String port = "5432";
        int colon = hostPort.lastIndexOf(':');
        if (colon > hostPort.lastIndexOf(']')) {
            host = hostPort.substring(0, colon);
            port = hostPort.substring(colon + 1);
        }
        host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String user = firstOf(c.user, queryParameter(c.jdbcUrl, "user"), System.getProperty("user.name"));
        int query = rest.indexOf('?');
        String database = end < rest.length() && rest.charAt(end) == '/'
                ? decode(rest.substring(end + 1, query < 0 ? rest.length() : query)) : "";
        database = database.isEmpty() ? user : database;
        String password = PgPass.lookup(PgPass.location(env), host, port, database, user, warnings);
        return new Connection(c.jdbcUrl, c.user != null || password == null ? c.user : user,
                password == null ? "" : password);
    }

    private static DatabaseConfig fromLibpqEnv(Environment env, String baseUrl, String lockTimeout, String statementTimeout,
                                               List<String> warnings) {
        String host = firstOf(env.var("PGHOST"), "localhost");
        String user = firstOf(env.var("PGUSER"), System.getProperty("user.name"));
        String port = firstOf(env.var("PGPORT"), "5432");
        String database = firstOf(env.var("PGDATABASE"), user);
        // libpq's PGSSLMODE too; like libpq, not on a Unix-domain socket
        String sslmode = env.var("PGSSLMODE");
        String jdbc = host.startsWith("/") ? Sockets.jdbcUrl(host, port, database, null)
                : "jdbc:postgresql://" + host + ":" + port + "/" + database
                        + (sslmode == null ? "" : "?sslmode=" + URLEncoder.encode(sslmode, StandardCharsets.UTF_8));
        host = host.startsWith("/") ? "localhost" : host; // libpq's password file names a socket so
        String password = env.var("PGPASSWORD");
        if (password == null) {
            password = firstOf(PgPass.lookup(PgPass.location(env), host, port, database, user, warnings), "");
        }
        return new DatabaseConfig(Source.LIBPQ_ENV, jdbc, user, password, baseUrl, lockTimeout, statementTimeout, warnings);
    }

    /** Whether the URL says anything about TLS: an sslmode, or pgjdbc's older ssl=true. */
    static boolean asksForTls(String jdbcUrl) {
        return queryParameter(jdbcUrl, "sslmode") != null || queryParameter(jdbcUrl, "ssl") != null;
    }

    /**
     * Whether every host of a JDBC URL is this machine's loopback interface (localhost,
     * 127.0.0.0/8, ::1), or the URL goes through a Unix-domain socket.
     */
    static boolean loopbackOnly(String jdbcUrl) {
        if (queryParameter(jdbcUrl, "socketFactoryArg") != null) {
            return true;
        }
        String rest = jdbcUrl.replaceFirst("^[^/]*//", "");
        for (String hostPort : rest.substring(0, indexOfAny(rest, "/?")).split(",")) {
            String host = hostPort.startsWith("[") ? hostPort.substring(1, Math.max(1, hostPort.indexOf(']')))
                    : hostPort.replaceFirst(":\\d*$", "");
            if (!host.equalsIgnoreCase("localhost") && !host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
                    && !host.equals("::1") && !host.equals("0:0:0:0:0:0:0:1")) {
                return false;
            }
        }
        return true;
    }

    /** The value of a query parameter of a URL, decoded; null if absent. */
    static String queryParameter(String url, String name) {
        int query = url.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String pair : url.substring(query + 1).split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equalsIgnoreCase(name)) {
                return kv.length > 1 ? decode(kv[1]) : "";
            }
        }
        return null;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private static final Pattern TIMEOUT = Pattern.compile("(\\d{1,10}) *(ms|s|min|h|d)?");

    /**
     * lock_timeout or statement_timeout from CTL_…, the config file or the default, checked
     * here so that a typo is a usage error (exit 2) and not a refused connection (exit 6): a
     * whole number with an optional unit PostgreSQL knows (milliseconds without one), at most
     * PostgreSQL's limit of 2147483647 ms.
     */
    private static String timeout(String name, String variable, Environment env, ConfigFile file, String fallback) {
        String value = env.var(variable);
        String from = variable;
        if (value == null) {
            value = file.get(name);
            from = "config file " + file.path;
        }
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        String trimmed = value.strip();
        Matcher m = TIMEOUT.matcher(trimmed);
        boolean valid = m.matches();
        if (valid) {
            long unit = switch (m.group(2) == null ? "ms" : m.group(2)) {
                case "s" -> 1000L;
                case "min" -> 60_000L;
                case "h" -> 3_600_000L;
                case "d" -> 86_400_000L;
                default -> 1L;
            };
            valid = Long.parseLong(m.group(1)) * unit <= Integer.MAX_VALUE;
        }
        if (!valid) {
            String shown = trimmed.length() <= 40 && trimmed.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                    ? " \"" + trimmed + "\"" : "";
            throw CtlException.usage("invalid " + name + shown + " in " + from
                    + ": expected a whole number with an optional unit ms, s, min, h or d (3s, 500ms, 5min), "
                    + "at most 24 days");
        }
        return trimmed;
    }

    /** The config file's properties, and where they came from (null: no file). */
    private record ConfigFile(Path path, Properties properties) {
        String get(String key) {
            return properties.getProperty(key);
        }

        /** A password in database.url of a file that group or others can read. */
        void warnIfItsPasswordIsReadable(List<String> warnings) {
            String url = get("database.url");
            if (path == null || url == null) {
                return;
            }
            boolean password;
            try {
                password = hasPassword(parseUrl(url));
            } catch (CtlException e) {
                password = url.contains("password=") || url.matches("(?s)[^/]*//[^/@]*:[^/@]*@.*");
            }
            if (!password) {
                return;
            }
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
                if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                    warnings.add("config file " + path + " holds a database password and group or others can read it: "
                            + "chmod 600 " + path);
                }
            } catch (IOException | UnsupportedOperationException e) {
                // it was just read: this is a race or a file system without modes, nothing to warn about
            }
        }
    }

    private static ConfigFile readConfig(Environment env, GlobalOptions options) {
        Properties properties = new Properties();
        Path path = options.config != null ? options.config
                : env.var("CTL_CONFIG") != null ? Path.of(env.var("CTL_CONFIG"))
                : Files.exists(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null;
        if (path == null) {
            return new ConfigFile(null, properties);
        }
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw CtlException.usage("cannot read config file " + path + ": " + e.getClass().getSimpleName()
                    .replace("NoSuchFileException", "no such file").replace("AccessDeniedException", "permission denied"));
        }
        return new ConfigFile(path, properties);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String firstOf(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }
}
