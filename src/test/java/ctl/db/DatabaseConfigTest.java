package ctl.db;

import ctl.base.CtlException;
import ctl.base.Environment;
import ctl.base.GlobalOptions;
import ctl.base.Terminal;
import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §1 "Which database" and the base URL of SPEC §3. Each source is proven end to end by
 * pointing it at the test database and every source it must beat at a closed port: the run
 * only succeeds if the right one won.
 */
class DatabaseConfigTest extends CtlTest {
    static final String UNREACHABLE = "postgres://nobody:sekret@127.0.0.1:1/unreachable";
    private static final AtomicInteger USERS_MADE = new AtomicInteger();

    @TempDir Path dir;
    private Path goodConfig;
    private Path badConfig;

    @BeforeEach
    void configFiles() throws IOException {
        goodConfig = config("good.conf", "database.url=" + db.url());
        badConfig = config("bad.conf", "database.url=" + UNREACHABLE);
    }

    /** Mode 600, as a config file holding a password should be; a test about another mode sets its own. */
    private Path config(String name, String... lines) throws IOException {
        Path file = Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** The test database's coordinates, as libpq's variables would give them. */
    private Map<String, String> libpq(String host, String port) {
        URI uri = URI.create(db.url());
        String[] userInfo = uri.getUserInfo().split(":", 2);
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", host);
        env.put("PGPORT", port);
        env.put("PGDATABASE", uri.getPath().substring(1));
        env.put("PGUSER", userInfo[0]);
        if (userInfo.length > 1) {
            env.put("PGPASSWORD", userInfo[1]);
        }
        return env;
    }

    private Map<String, String> goodLibpq() {
        URI uri = URI.create(db.url());
        return libpq(uri.getHost(), String.valueOf(uri.getPort()));
    }

    private Map<String, String> badLibpq() {
        return libpq("127.0.0.1", "1");
    }

    /** A run with exactly these variables, and no DATABASE_URL unless given. */
    private static CtlRun run(Map<String, String> env) {
        CtlRun run = new CtlRun();
        env.forEach(run::env);
        return run;
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> env = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static void assertReachedTheTestDatabase(CtlRun.Result r) {
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("id\r\n"), r::toString);
    }

    private static void assertTriedTheUnreachableOne(CtlRun.Result r) {
        assertEquals(6, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("ctl: ") && r.err().contains("127.0.0.1:1/"), r::toString);
        assertFalse(r.err().contains("sekret"), r::toString);
    }

    /** As {@link #assertTriedTheUnreachableOne}, after the warning that its password was on the command line. */
    private static void assertWarnedThenTriedTheUnreachableOne(CtlRun.Result r) {
        assertTrue(r.err().startsWith("ctl: warning: " + ARGV_WARNING + "\n"), r::toString);
        assertTriedTheUnreachableOne(new CtlRun.Result(r.code(), r.out(), r.err().substring(r.err().indexOf('\n') + 1)));
    }

    private static final String[] LIST = {"user", "list", "--fields", "id", "--format", "csv"};

    private static String[] list(String... before) {
        String[] args = new String[before.length + LIST.length];
        System.arraycopy(before, 0, args, 0, before.length);
        System.arraycopy(LIST, 0, args, before.length, LIST.length);
        return args;
    }

    // --- which database: end to end

    @Test
    void theDatabaseUrlOptionBeatsEveryOtherSource() {
        var env = with(badLibpq(), "CTL_DATABASE_URL", UNREACHABLE, "DATABASE_URL", UNREACHABLE,
                "CTL_CONFIG", badConfig.toString());
        assertReachedTheTestDatabase(run(env).run(list("--database-url", db.url(), "--config", badConfig.toString())));
        assertWarnedThenTriedTheUnreachableOne(run(with(goodLibpq(), "CTL_DATABASE_URL", db.url(), "DATABASE_URL", db.url()))
                .run(list("--database-url", UNREACHABLE, "--config", goodConfig.toString())));
    }

    @Test
    void ctlDatabaseUrlBeatsDatabaseUrlTheConfigFileAndLibpq() {
        var env = with(badLibpq(), "CTL_DATABASE_URL", db.url(), "DATABASE_URL", UNREACHABLE,
                "CTL_CONFIG", badConfig.toString());
        assertReachedTheTestDatabase(run(env).run(list()));
        assertTriedTheUnreachableOne(run(with(goodLibpq(), "CTL_DATABASE_URL", UNREACHABLE, "DATABASE_URL", db.url(),
                "CTL_CONFIG", goodConfig.toString())).run(list()));
    }

    @Test
    void databaseUrlBeatsTheConfigFileAndLibpq() {
        var env = with(badLibpq(), "DATABASE_URL", db.url(), "CTL_CONFIG", badConfig.toString());
        assertReachedTheTestDatabase(run(env).run(list()));
        assertReachedTheTestDatabase(run(with(badLibpq(), "DATABASE_URL", db.url()))
                .run(list("--config", badConfig.toString())));
        assertTriedTheUnreachableOne(run(with(goodLibpq(), "DATABASE_URL", UNREACHABLE, "CTL_CONFIG", goodConfig.toString()))
                .run(list()));
    }

    @Test
    void theConfigFileOptionBeatsCtlConfigAndLibpq() {
        var env = with(badLibpq(), "CTL_CONFIG", badConfig.toString());
        assertReachedTheTestDatabase(run(env).run(list("--config", goodConfig.toString())));
        assertTriedTheUnreachableOne(run(with(goodLibpq(), "CTL_CONFIG", goodConfig.toString()))
                .run(list("--config", badConfig.toString())));
    }

    @Test
    void ctlConfigNamesTheConfigFileWithoutTheOptionAndBeatsLibpq() {
        assertReachedTheTestDatabase(run(with(badLibpq(), "CTL_CONFIG", goodConfig.toString())).run(list()));
        assertTriedTheUnreachableOne(run(with(goodLibpq(), "CTL_CONFIG", badConfig.toString())).run(list()));
    }

    @Test
    void aConfigFileWithoutADatabaseUrlFallsThroughToLibpq() throws IOException {
        Path onlyBaseUrl = config("base.conf", "# no database here", "base_url=https://social.example");
        assertReachedTheTestDatabase(run(with(goodLibpq(), "CTL_CONFIG", onlyBaseUrl.toString())).run(list()));
    }

    @Test
    void libpqVariablesAreUsedWhenNothingElseIsSet() {
        assertReachedTheTestDatabase(run(goodLibpq()).run(list()));
        assertTriedTheUnreachableOne(run(badLibpq()).run(list()));
    }

    @Test
    void aMissingConfigFileExits2() {
        var r = run(with(goodLibpq())).run(list("--config", dir.resolve("missing.conf").toString()));
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("ctl: cannot read config file ") && r.err().contains("missing.conf"), r::toString);
    }

    // --- URL forms

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "postgresql", "jdbc"})
    void everyUrlFormWorksEndToEnd(String form) {
        URI uri = URI.create(db.url());
        String[] userInfo = uri.getUserInfo().split(":", 2);
        String url = switch (form) {
            case "postgres" -> db.url();
            case "postgresql" -> db.url().replaceFirst("^postgres://", "postgresql://");
            default -> "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath()
                    + "?user=" + userInfo[0] + (userInfo.length > 1 ? "&password=" + userInfo[1] : "");
        };
        assertReachedTheTestDatabase(run(Map.of()).run(list("--database-url", url)));
        assertReachedTheTestDatabase(run(Map.of("DATABASE_URL", url)).run(list()));
    }

    @Test
    void aQueryStringIsPassedToTheDriver() {
        assertReachedTheTestDatabase(run(Map.of("DATABASE_URL", db.url() + "?sslmode=disable")).run(list()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mysql://u@127.0.0.1/db", "postgres://[oops", "postgres://127.0.0.1:x/db", "127.0.0.1:5432/db",
            "http://127.0.0.1:5432/db"})
    void aMalformedUrlExits2WithOneLine(String url) {
        var r = run(Map.of()).run(list("--database-url", url));
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("ctl: invalid database URL"), r::toString);
        assertEquals("", r.out());
    }

    // --- resolve(), directly

    private static Environment env(Map<String, String> vars) {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        return new Environment(vars, InputStream.nullInputStream(), nowhere, nowhere, Terminal.NONE, Clock.systemUTC());
    }

    private GlobalOptions options(String databaseUrl, Path config) {
        GlobalOptions options = new GlobalOptions();
        options.databaseUrl = databaseUrl;
        options.config = config;
        return options;
    }

    @ParameterizedTest(name = "{0} wins")
    @CsvSource({"OPTION", "CTL_DATABASE_URL", "DATABASE_URL", "CONFIG_FILE", "LIBPQ_ENV", "EMBEDDED"})
    void resolveTakesTheFirstSourceFound(DatabaseConfig.Source winner) throws IOException {
        Path config = config("numbered.conf", "database.url=postgres://u@config-host/db");
        Path empty = config("empty.conf", "");
        Map<String, String> vars = new HashMap<>();
        String option = null;
        Path file = empty;
        switch (winner) {
            case OPTION:
                option = "postgres://u@option-host/db";
                // fall through: every later source is set too
            case CTL_DATABASE_URL:
                vars.put("CTL_DATABASE_URL", "postgres://u@ctl-env-host/db");
            case DATABASE_URL:
                vars.put("DATABASE_URL", "postgres://u@env-host/db");
            case CONFIG_FILE:
                file = config;
            case LIBPQ_ENV:
                vars.put("PGHOST", "libpq-host");
                vars.put("PGDATABASE", "db");
                vars.put("PGUSER", "u");
            default:
                break;
        }
        DatabaseConfig resolved = DatabaseConfig.resolve(env(vars), options(option, file));
        assertEquals(winner, resolved.source());
        String expectedHost = switch (winner) {
            case OPTION -> "option-host";
            case CTL_DATABASE_URL -> "ctl-env-host";
            case DATABASE_URL -> "env-host";
            case CONFIG_FILE -> "config-host";
            case LIBPQ_ENV -> "libpq-host";
            case EMBEDDED -> null;
        };
        if (expectedHost == null) {
            assertNull(resolved.jdbcUrl());
        } else {
            assertEquals("jdbc:postgresql://" + expectedHost + ":5432/db", resolved.jdbcUrl());
            assertEquals("u", resolved.user());
        }
    }

    @Test
    void embeddedBeatsAConfiguredDatabase() {
        GlobalOptions options = options("postgres://u@option-host/db", null);
        options.embedded = true;
        assertEquals(DatabaseConfig.Source.EMBEDDED,
                DatabaseConfig.resolve(env(Map.of("DATABASE_URL", "postgres://u@h/db")), options).source());
    }

    @Test
    void anEmptyVariableCountsAsUnset() throws IOException {
        var resolved = DatabaseConfig.resolve(env(Map.of("CTL_DATABASE_URL", "", "DATABASE_URL", "postgres://u@env-host/db")),
                options(null, config("empty2.conf", "")));
        assertEquals(DatabaseConfig.Source.DATABASE_URL, resolved.source());
    }

    @Test
    void libpqVariablesGiveHostPortDatabaseUserAndPassword() throws IOException {
        var resolved = DatabaseConfig.resolve(env(Map.of("PGHOST", "db.internal", "PGPORT", "6543", "PGDATABASE", "app",
                "PGUSER", "app_user", "PGPASSWORD", "pw")), options(null, config("empty3.conf", "")));
        assertEquals(DatabaseConfig.Source.LIBPQ_ENV, resolved.source());
        assertEquals("jdbc:postgresql://db.internal:6543/app", resolved.jdbcUrl());
        assertEquals("app_user", resolved.user());
        assertEquals("pw", resolved.password());
    }

    @Test
    void pgdatabaseAloneMeansLocalhost() throws IOException {
        var resolved = DatabaseConfig.resolve(env(Map.of("PGDATABASE", "app", "PGUSER", "app_user")),
                options(null, config("empty4.conf", "")));
        assertEquals("jdbc:postgresql://localhost:5432/app", resolved.jdbcUrl());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "postgres://u:p@db.internal:5433/app?sslmode=require | jdbc:postgresql://db.internal:5433/app?sslmode=require | u | p",
            "postgresql://u@db.internal/app                      | jdbc:postgresql://db.internal:5432/app                 | u |",
            "postgres://u:p%40ss%2Fw%3Ard@h/app                   | jdbc:postgresql://h:5432/app                           | u | p@ss/w:rd",
            "postgres://u:a+b@h/app                              | jdbc:postgresql://h:5432/app                           | u | a+b",
            "postgres://u@h                                      | jdbc:postgresql://h:5432/u                             | u |",
            "postgres://h:5440/app                               | jdbc:postgresql://h:5440/app                           |   |",
            "jdbc:postgresql://h:5440/app?user=u&password=p      | jdbc:postgresql://h:5440/app?user=u&password=p         |   |",
    })
    void parseUrlTurnsEveryFormIntoJdbcAndCredentials(String url, String jdbc, String user, String password) {
        var c = DatabaseConfig.parseUrl(url);
        assertEquals(new DatabaseConfig.Connection(jdbc, user, password), c);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"mysql://u@h/db", "postgres://[oops", "postgres://h:x/db", "h:5432/db", ""})
    void parseUrlRefusesAMalformedUrlAsAUsageError(String url) {
        CtlException e = assertThrows(CtlException.class, () -> DatabaseConfig.parseUrl(url));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("invalid database URL"), e.getMessage());
    }

    @Test
    void describeNamesHostPortAndDatabaseButNotTheQuery() {
        assertEquals("h:5440/app", DatabaseConfig.describe("jdbc:postgresql://h:5440/app?user=u&password=sekret"));
    }

    // --- the base URL, seen in the reset link `user new` prints

    /** Creates a user with no password and no terminal, and returns the base of the reset link printed. */
    private String resetLink(CtlRun run, String... options) {
        String nickname = "base" + USERS_MADE.incrementAndGet();
        List<String> args = new ArrayList<>(List.of("user", "new", nickname, nickname + "@example.com"));
        args.addAll(List.of(options));
        var r = run.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r::toString);
        assertEquals(1, r.out().lines().count(), r::toString);
        String link = r.out().trim();
        assertTrue(link.matches(".*/password_reset/[A-Za-z0-9_-]{43}"), link);
        assertEquals(1, sql().fetchCount(USERS, USERS.NICKNAME.eq(nickname)));
        return link.substring(0, link.indexOf("/password_reset/"));
    }

    @Test
    void theBaseUrlDefaultsToLocalhost4000() {
        assertEquals("http://localhost:4000", resetLink(ctl()));
    }

    @Test
    void theBaseUrlOptionBeatsCtlBaseUrlAndTheConfigFile() throws IOException {
        Path config = config("base-bad.conf", "base_url=https://config.example");
        assertEquals("https://option.example", resetLink(ctl().env("CTL_BASE_URL", "https://env.example"),
                "--base-url", "https://option.example", "--config", config.toString()));
    }

    @Test
    void ctlBaseUrlBeatsTheConfigFile() throws IOException {
        Path config = config("base-env.conf", "base_url=https://config.example");
        assertEquals("https://env.example", resetLink(ctl().env("CTL_BASE_URL", "https://env.example")
                .env("CTL_CONFIG", config.toString())));
    }

    @Test
    void theConfigFileGivesTheBaseUrlWithTheDatabase() throws IOException {
        Path config = config("both.conf", "database.url=" + db.url(), "base_url=https://config.example/");
        assertEquals("https://config.example", resetLink(run(Map.of()), "--config", config.toString()));
        assertEquals("https://config.example", resetLink(run(Map.of("CTL_CONFIG", config.toString()))));
    }

    // --- SPEC §6: a password in a URL is never echoed

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://app:S3cretPW@host/db                      | host/db",
            "jdbc:postgresql://app:S3cretPW@host:5440/db?sslmode=require | host:5440/db",
            "jdbc:postgresql://app:p%40ss@h/db                           | h/db",
            "jdbc:postgresql://host/db?user=app&password=S3cretPW        | host/db",
            "jdbc:postgresql://h1:5432,h2:5433/db?password=S3cretPW      | h1:5432,h2:5433/db",
            "postgres://app:S3cretPW@host:5432/db?password=S3cretPW      | host:5432/db",
            "jdbc:postgresql://app:S3cretPW@host                         | host",
    })
    void describeNeverShowsUserInfoOrTheQuery(String url, String described) {
        assertEquals(described, DatabaseConfig.describe(url));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "jdbc:postgresql://nobody:S3cretPW@127.0.0.1:1/unreachable",
            "jdbc:postgresql://127.0.0.1:1/unreachable?user=nobody&password=S3cretPW",
            "postgres://nobody:S3cretPW@127.0.0.1:1/unreachable?password=S3cretPW",
    })
    void noUrlFormEchoesItsPasswordWhenTheDatabaseIsDown(String url) {
        String down = "ctl: cannot connect to the database at 127.0.0.1:1/unreachable";
        var fromEnv = run(Map.of("DATABASE_URL", url)).run(list());
        var fromArgv = run(Map.of()).run(list("--database-url", url, "-v"));
        for (CtlRun.Result r : List.of(fromEnv, fromArgv)) {
            assertEquals(6, r.code(), r::toString);
            assertFalse(r.toString().contains("S3cretPW"), r::toString);
        }
        assertTrue(fromEnv.err().startsWith(down), fromEnv::toString);
        assertTrue(fromArgv.err().startsWith("ctl: warning: " + ARGV_WARNING + "\n" + down), fromArgv::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mysql://u:S3cretPW@h/db", "postgres://u:S3cretPW@[oops/db", "postgres://u:S3cretPW@h:x/db",
            "S3cretPW"})
    void aMalformedUrlDoesNotEchoItsPasswordEither(String url) {
        var r = run(Map.of()).run(list("--database-url", url));
        assertEquals(2, r.code(), r::toString);
        assertFalse(r.toString().contains("S3cretPW"), r::toString);
    }

    @Test
    void aJdbcUrlWithUserInfoGivesUserAndPasswordToTheDriverNotTheHostName() {
        assertEquals(new DatabaseConfig.Connection("jdbc:postgresql://h:5440/app?sslmode=require", "u", "p@ss:w"),
                DatabaseConfig.parseUrl("jdbc:postgresql://u:p%40ss%3Aw@h:5440/app?sslmode=require"));
        assertEquals(new DatabaseConfig.Connection("jdbc:postgresql://h/app", "u", null),
                DatabaseConfig.parseUrl("jdbc:postgresql://u@h/app"));
        URI uri = URI.create(db.url());
        String[] userInfo = uri.getUserInfo().split(":", 2);
        assertReachedTheTestDatabase(run(Map.of()).run(list("--database-url",
                "jdbc:postgresql://" + uri.getRawUserInfo() + "@" + uri.getHost() + ":" + uri.getPort() + uri.getPath())));
        assertEquals(userInfo[0], DatabaseConfig.parseUrl("jdbc:postgresql://" + uri.getRawUserInfo() + "@h/db").user());
    }

    // --- warnings the caller prints before connecting

    private static final String ARGV_WARNING = "a password in --database-url is visible in the process list; "
            + "put it in PGPASSWORD, ~/.pgpass or the config file (mode 600) instead";

    private DatabaseConfig resolve(Map<String, String> vars, String databaseUrl, Path config) {
        Map<String, String> all = new HashMap<>(vars);
        all.putIfAbsent("PGPASSFILE", dir.resolve("no-pgpass").toString());
        return DatabaseConfig.resolve(env(all), options(databaseUrl, config));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres://u:S3cretPW@h/db", "postgresql://u:S3cretPW@h/db", "postgres://u@h/db?password=S3cretPW",
            "jdbc:postgresql://h/db?user=u&password=S3cretPW", "jdbc:postgresql://u:S3cretPW@h/db"})
    void aPasswordInTheDatabaseUrlOptionIsWarnedAbout(String url) {
        DatabaseConfig config = resolve(Map.of(), url, null);
        assertEquals(List.of(ARGV_WARNING), config.warnings());
        assertFalse(config.warnings().toString().contains("S3cretPW"));
    }

    @Test
    void noWarningWithoutAPasswordOrOutsideArgv() {
        assertEquals(List.of(), resolve(Map.of(), "postgres://u@h/db", null).warnings());
        assertEquals(List.of(), resolve(Map.of("DATABASE_URL", "postgres://u:S3cretPW@h/db"), null, null).warnings());
        assertEquals(List.of(), resolve(Map.of("CTL_DATABASE_URL", "postgres://u:S3cretPW@h/db"), null, null).warnings());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"rw-r--r--, true", "rw-r-----, true", "rw----r--, true", "rw-------, false", "r--------, false"})
    void aConfigFileHoldingAPasswordThatOthersCanReadIsWarnedAbout(String mode, boolean warned) throws IOException {
        Path config = config("secret-" + mode + ".conf", "database.url=postgres://u:S3cretPW@h/db");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString(mode));
        DatabaseConfig resolved = resolve(Map.of(), null, config);
        assertEquals(warned ? List.of("config file " + config + " holds a database password and group or others "
                + "can read it: chmod 600 " + config) : List.of(), resolved.warnings());
    }

    /** The test database's URL with a password in it: its own, or one a trust server ignores. */
    private String urlWithAPassword() {
        URI uri = URI.create(db.url());
        return uri.getRawUserInfo().contains(":") ? db.url()
                : db.url().replaceFirst("@", ":ignored-by-trust@");
    }

    @Test
    void aPasswordInTheDatabaseUrlOptionIsWarnedOnStderrAndTheRunGoesOn() {
        var r = run(Map.of()).run(list("--database-url", urlWithAPassword()));
        assertReachedTheTestDatabase(r);
        assertEquals("ctl: warning: " + ARGV_WARNING + "\n", r.err());
    }

    @Test
    void aConfigFileHoldingAPasswordThatOthersCanReadIsWarnedOnStderrAndTheRunGoesOn() throws IOException {
        Path config = config("readable.conf", "database.url=" + urlWithAPassword());
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        var r = run(Map.of()).run(list("--config", config.toString()));
        assertReachedTheTestDatabase(r);
        assertEquals("ctl: warning: config file " + config + " holds a database password and group or others "
                + "can read it: chmod 600 " + config + "\n", r.err());
    }

    @Test
    void quietSilencesTheWarnings() throws IOException {
        Path config = config("readable-quiet.conf", "database.url=" + urlWithAPassword());
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        for (String[] args : List.of(list("-q", "--database-url", urlWithAPassword()), list("-q", "--config", config.toString()))) {
            var r = run(Map.of()).run(args);
            assertReachedTheTestDatabase(r);
            assertEquals("", r.err(), r::toString);
        }
    }

    @Test
    void aReadableConfigFileWithoutAPasswordIsFine() throws IOException {
        Path config = config("nosecret.conf", "database.url=postgres://u@h/db", "base_url=https://social.example");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(List.of(), resolve(Map.of(), null, config).warnings());
    }

    // --- libpq's password file

    private Path pgpass(String mode, String... lines) throws IOException {
        Path file = config("pgpass-" + USERS_MADE.incrementAndGet(), lines);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void withNoPasswordGivenThePasswordFileGivesIt() throws IOException {
        Path file = pgpass("rw-------", "other:5432:app:u:wrong", "h:5432:app:u:from-pgpass", "*:*:*:*:fallback");
        var env = Map.of("PGPASSFILE", file.toString());
        assertEquals("from-pgpass", resolve(env, "postgres://u@h/app", null).password());
        assertEquals("from-pgpass", resolve(env, "jdbc:postgresql://h:5432/app?user=u", null).password());
        assertEquals("from-pgpass", resolve(with(env, "DATABASE_URL", "postgresql://u@h:5432/app"), null, null).password());
        assertEquals("from-pgpass", resolve(with(env, "PGHOST", "h", "PGDATABASE", "app", "PGUSER", "u"), null, null).password());
        assertEquals("fallback", resolve(env, "postgres://u@h:6000/app", null).password());
        assertEquals(List.of(), resolve(env, "postgres://u@h/app", null).warnings());
    }

    @Test
    void aGivenPasswordBeatsThePasswordFile() throws IOException {
        Path file = pgpass("rw-------", "*:*:*:*:from-pgpass");
        var env = Map.of("PGPASSFILE", file.toString());
        assertEquals("given", resolve(env, "postgres://u:given@h/app", null).password());
        assertEquals("given", resolve(with(env, "PGHOST", "h", "PGUSER", "u", "PGPASSWORD", "given"), null, null).password());
        assertNull(resolve(env, "jdbc:postgresql://h/app?user=u&password=given", null).password(), "the URL's own stays");
    }

    @Test
    void withoutAUserTheOsUserIsMatchedAndNamed() throws IOException {
        String me = System.getProperty("user.name");
        Path file = pgpass("rw-------", "h:5432:app:" + me + ":mine");
        DatabaseConfig resolved = resolve(Map.of("PGPASSFILE", file.toString()), "postgres://h/app", null);
        assertEquals("mine", resolved.password());
        assertEquals(me, resolved.user());
    }

    @Test
    void aPasswordFileOthersCanReadIsIgnoredWithAWarning() throws IOException {
        Path file = pgpass("rw-r--r--", "*:*:*:*:from-pgpass");
        DatabaseConfig resolved = resolve(Map.of("PGPASSFILE", file.toString()), "postgres://u@h/app", null);
        assertEquals(List.of("password file " + file + " has group or world access; ignored: "
                + "permissions should be u=rw (0600) or less"), resolved.warnings());
        assertEquals("", resolved.password(), "not null: pgjdbc would read the file itself");
    }

    @Test
    void noMatchIsAnEmptyPasswordSoTheDriverDoesNotLookOnItsOwn() throws IOException {
        Path file = pgpass("rw-------", "elsewhere:*:*:*:nope");
        assertEquals("", resolve(Map.of("PGPASSFILE", file.toString()), "postgres://u@h/app", null).password());
        assertEquals("", resolve(Map.of(), "postgres://u@h/app", null).password());
    }

    @Test
    void thePasswordFileWorksEndToEnd() throws IOException {
        URI uri = URI.create(db.url());
        String[] userInfo = uri.getUserInfo().split(":", 2);
        String user = userInfo[0];
        // The server's password when it asks for one (the embedded server does), else anything: trust takes it.
        String password = userInfo.length > 1 ? userInfo[1] : "whatever-trust-takes";
        Path file = pgpass("rw-------", uri.getHost() + ":" + uri.getPort() + ":*:" + user + ":" + password);
        String url = "postgres://" + user + "@" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
        assertReachedTheTestDatabase(run(Map.of("PGPASSFILE", file.toString(), "DATABASE_URL", url)).run(list()));
    }

    // --- lock_timeout and statement_timeout

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"3s", "500ms", "5min", "1h", "1d", "0", "250", "3 s", " 10s "})
    void aTimeoutIsANumberWithAnOptionalUnit(String value) throws IOException {
        DatabaseConfig resolved = resolve(Map.of("CTL_LOCK_TIMEOUT", value), "postgres://u@h/db", null);
        assertEquals(value.strip(), resolved.lockTimeout());
        Path config = config("timeouts.conf", "statement_timeout=" + value);
        assertEquals(value.strip(), resolve(Map.of(), "postgres://u@h/db", config).statementTimeout());
    }

    @Test
    void theTimeoutsDefaultToThreeSecondsAndFiveMinutes() {
        DatabaseConfig resolved = resolve(Map.of(), "postgres://u@h/db", null);
        assertEquals("3s", resolved.lockTimeout());
        assertEquals("5min", resolved.statementTimeout());
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"abc", "3 seconds", "3S", "-1s", "1.5s", "3s;drop", "25d", "99999999999", "5m", "s",
            "3s -c work_mem=1TB"})
    void aBadTimeoutIsAUsageErrorAtResolveTime(String value) throws IOException {
        CtlException e = assertThrows(CtlException.class,
                () -> resolve(Map.of("CTL_LOCK_TIMEOUT", value), "postgres://u@h/db", null));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("invalid lock_timeout \"" + value + "\" in CTL_LOCK_TIMEOUT: expected "),
                e.getMessage());
        Path config = config("bad-timeout.conf", "statement_timeout=" + value);
        e = assertThrows(CtlException.class, () -> resolve(Map.of(), "postgres://u@h/db", config));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("invalid statement_timeout \"" + value + "\" in config file " + config),
                e.getMessage());
    }

    @Test
    void aBadTimeoutExits2WithOneLineNot6() throws IOException {
        var r = ctl().env("CTL_LOCK_TIMEOUT", "3 seconds").run(LIST);
        assertEquals(2, r.code(), r::toString);
        assertEquals("ctl: invalid lock_timeout \"3 seconds\" in CTL_LOCK_TIMEOUT: expected a whole number with an "
                + "optional unit ms, s, min, h or d (3s, 500ms, 5min), at most 24 days\n", r.err());
        Path config = config("bad-statement-timeout.conf", "statement_timeout=forever");
        r = ctl().run(list("--config", config.toString()));
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("ctl: invalid statement_timeout \"forever\" in config file "), r::toString);
    }

    @Test
    void aGoodTimeoutReachesTheSession() {
        var r = ctl().env("CTL_LOCK_TIMEOUT", "750ms").env("CTL_STATEMENT_TIMEOUT", "2min").run(LIST);
        assertReachedTheTestDatabase(r);
    }
}
