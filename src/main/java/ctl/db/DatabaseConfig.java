package ctl.db;

import ctl.CtlException;
import ctl.cli.Environment;
import ctl.cli.GlobalOptions;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Which database a run uses, resolved in SPEC §1's order: --database-url, CTL_DATABASE_URL,
 * DATABASE_URL, database.url in the config file, libpq's PG* variables, else the embedded one.
 */
public record DatabaseConfig(
        Source source,
        String jdbcUrl,
        String user,
        String password,
        String baseUrl,
        String lockTimeout,
        String statementTimeout) {

    public enum Source { OPTION, CTL_DATABASE_URL, DATABASE_URL, CONFIG_FILE, LIBPQ_ENV, EMBEDDED }

    static final Path DEFAULT_CONFIG = Path.of("/etc/ctl/ctl.conf");
    static final String DEFAULT_BASE_URL = "http://localhost:4000";

    public boolean embedded() {
        return source == Source.EMBEDDED;
    }

    /** host:port/database, for messages: never the password. */
    public String describe() {
        return describe(jdbcUrl);
    }

    static String describe(String jdbcUrl) {
        String rest = jdbcUrl.substring("jdbc:postgresql://".length());
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    public static DatabaseConfig resolve(Environment env, GlobalOptions options) {
        Properties file = readConfig(env, options);
        String baseUrl = firstOf(options.baseUrl, env.var("CTL_BASE_URL"), file.getProperty("base_url"), DEFAULT_BASE_URL);
        String lockTimeout = firstOf(env.var("CTL_LOCK_TIMEOUT"), file.getProperty("lock_timeout"), "3s");
        String statementTimeout = firstOf(env.var("CTL_STATEMENT_TIMEOUT"), file.getProperty("statement_timeout"), "5min");

        Source source;
        String url;
        if (options.embedded) {
            return new DatabaseConfig(Source.EMBEDDED, null, null, null, baseUrl, lockTimeout, statementTimeout);
        } else if (options.databaseUrl != null) {
            source = Source.OPTION;
            url = options.databaseUrl;
        } else if (env.var("CTL_DATABASE_URL") != null) {
            source = Source.CTL_DATABASE_URL;
            url = env.var("CTL_DATABASE_URL");
        } else if (env.var("DATABASE_URL") != null) {
            source = Source.DATABASE_URL;
            url = env.var("DATABASE_URL");
        } else if (file.getProperty("database.url") != null) {
            source = Source.CONFIG_FILE;
            url = file.getProperty("database.url");
        } else if (env.var("PGHOST") != null || env.var("PGDATABASE") != null) {
            return fromLibpqEnv(env, baseUrl, lockTimeout, statementTimeout);
        } else {
            return new DatabaseConfig(Source.EMBEDDED, null, null, null, baseUrl, lockTimeout, statementTimeout);
        }
        Connection c = parseUrl(url);
        return new DatabaseConfig(source, c.jdbcUrl, c.user, c.password, baseUrl, lockTimeout, statementTimeout);
    }

    record Connection(String jdbcUrl, String user, String password) {}

    /** postgres://user:pass@host:port/db?sslmode=…, postgresql://…, or jdbc:postgresql://… */
    static Connection parseUrl(String url) {
        if (url.startsWith("jdbc:postgresql://")) {
            return new Connection(url, null, null);
        }
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            throw CtlException.usage("invalid database URL: expected postgres://, postgresql:// or jdbc:postgresql://");
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

    private static DatabaseConfig fromLibpqEnv(Environment env, String baseUrl, String lockTimeout, String statementTimeout) {
        String host = firstOf(env.var("PGHOST"), "localhost");
        if (host.startsWith("/")) {
            throw CtlException.usage("PGHOST=" + host + " is a socket directory; ctl connects over TCP: set PGHOST to a host name");
        }
        String user = firstOf(env.var("PGUSER"), System.getProperty("user.name"));
        String jdbc = "jdbc:postgresql://" + host + ":" + firstOf(env.var("PGPORT"), "5432") + "/"
                + firstOf(env.var("PGDATABASE"), user);
        return new DatabaseConfig(Source.LIBPQ_ENV, jdbc, user, env.var("PGPASSWORD"), baseUrl, lockTimeout, statementTimeout);
    }

    private static Properties readConfig(Environment env, GlobalOptions options) {
        Properties properties = new Properties();
        Path path = options.config != null ? options.config
                : env.var("CTL_CONFIG") != null ? Path.of(env.var("CTL_CONFIG"))
                : Files.exists(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null;
        if (path == null) {
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw CtlException.usage("cannot read config file " + path + ": " + e.getClass().getSimpleName()
                    .replace("NoSuchFileException", "no such file").replace("AccessDeniedException", "permission denied"));
        }
        return properties;
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
