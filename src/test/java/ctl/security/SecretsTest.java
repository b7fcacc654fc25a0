package ctl.security;

import ctl.testing.CtlRun;
import ctl.testing.CtlTest;
import ctl.testing.Json;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static ctl.db.schema.Tables.AUDIT_LOG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §6: no password, access, refresh or reset token is ever stored, audited or logged.
 * One story of runs, all with -v, makes every kind of secret; then every row of every
 * table and every run's stderr are searched for each of them, and each token may appear
 * on stdout only in the run that was meant to show it.
 */
class SecretsTest extends CtlTest {
    private static final String FIRST_PASSWORD = "first secret passphrase";
    private static final String PASSWORD = "second secret passphrase";
    private static final String WRONG_PASSWORD = "a wrong guess at it";

    /** Each run by name, in order. */
    private final Map<String, CtlRun.Result> runs = new LinkedHashMap<>();
    /** Each secret by name, and the one run whose stdout may show it (null: none may). */
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Map<String, String> shownBy = new LinkedHashMap<>();

    @BeforeAll
    void story() {
        Rows.reset(sql());
        run("user new", ctl().stdin(FIRST_PASSWORD + "\n"), "user", "new", "alice", "alice@example.com", "--password-stdin", "-v");
        run("user password", ctl().stdin(PASSWORD + "\n"), "user", "password", "alice", "--password-stdin", "-v");
        run("user new (reset link)", ctl(), "user", "new", "bob", "bob@example.com", "-v");
        run("token create", ctl(), "token", "create", "alice", "--label", "ci", "-v");
        run("token login (wrong)", ctl().stdin(WRONG_PASSWORD + "\n"), "token", "login", "alice", "--password-stdin", "-v");
        run("token login", ctl().stdin(PASSWORD + "\n"), "token", "login", "alice", "--password-stdin", "-v", "--json");
        Map<String, Object> login = Json.object(runs.get("token login").out());
        run("token refresh", ctl().stdin(login.get("refresh_token") + "\n"), "token", "refresh", "--token-stdin", "-v", "--json");
        Map<String, Object> refreshed = Json.object(runs.get("token refresh").out());
        run("token refresh (replayed)", ctl().stdin(login.get("refresh_token") + "\n"), "token", "refresh", "--token-stdin", "-v");
        run("token list", ctl(), "token", "list", "--all", "-v", "--json");
        // the argument form: warned about, and the warning names no token
        run("token delete", ctl(), "token", "delete", runs.get("token create").out().strip(), "-v");
        run("audit list", ctl(), "audit", "list", "-v", "--json");

        String link = runs.get("user new (reset link)").out().strip();
        assertTrue(link.matches("http://localhost:4000/password_reset/[A-Za-z0-9_-]{43}"), link);
        secret("first password", FIRST_PASSWORD, null);
        secret("password", PASSWORD, null);
        secret("wrong password", WRONG_PASSWORD, null);
        secret("reset token", link.substring(link.lastIndexOf('/') + 1), "user new (reset link)");
        secret("created access token", runs.get("token create").out().strip(), "token create");
        secret("login access token", (String) login.get("access_token"), "token login");
        secret("login refresh token", (String) login.get("refresh_token"), "token login");
        secret("refreshed access token", (String) refreshed.get("access_token"), "token refresh");
        secret("refreshed refresh token", (String) refreshed.get("refresh_token"), "token refresh");
    }

    private void run(String name, CtlRun run, String... args) {
        runs.put(name, run.run(args));
    }

    private void secret(String name, String value, String shownByRun) {
        assertTrue(value != null && value.length() >= 16, name + ": " + value);
        secrets.put(name, value);
        shownBy.put(name, shownByRun);
    }


    @Test
    void everyRunDidWhatTheStoryNeeds() {
        assertEquals(List.of(0, 0, 0, 0, 5, 0, 0, 5, 0, 0, 0), runs.values().stream().map(CtlRun.Result::code).toList(),
                runs::toString);
        assertTrue(runs.get("token login (wrong)").err().startsWith("ctl: invalid credentials for alice\n"));
        assertTrue(runs.get("token refresh (replayed)").err().startsWith("ctl: refresh token already used"));
    }

    @Test
    void noSecretIsInAnyRowOfAnyTable() {
        String rows = db.rows();
        assertTrue(rows.contains("== api_tokens") && rows.contains("== password_reset_tokens") && rows.contains("== audit_log"));
        secrets.forEach((name, value) -> assertFalse(rows.contains(value), name + " is stored in the database"));
    }

    @Test
    void noSecretIsInAnyAuditEntry() {
        List<String> entries = sql().select(AUDIT_LOG.PARAMETERS.cast(String.class).concat(AUDIT_LOG.CHANGES.cast(String.class))
                .concat(AUDIT_LOG.TARGET)).from(AUDIT_LOG).fetchInto(String.class);
        assertTrue(entries.size() >= 7, entries::toString);
        for (String entry : entries) {
            secrets.forEach((name, value) -> assertFalse(entry.contains(value), name + " is in an audit entry: " + entry));
        }
    }

    @Test
    void noSecretIsInAnyRunsStderrEvenWithVerbose() {
        runs.forEach((run, r) -> secrets.forEach((name, value) ->
                assertFalse(r.err().contains(value), name + " is on the stderr of " + run + ":\n" + r.err())));
    }

    @Test
    void eachTokenIsOnStdoutOnlyWhereItIsMeantToBeShownAndNoPasswordAnywhere() {
        secrets.forEach((name, value) -> {
            Set<String> shownIn = new TreeSet<>();
            runs.forEach((run, r) -> {
                if (r.out().contains(value)) {
                    shownIn.add(run);
                }
            });
            String expected = shownBy.get(name);
            assertEquals(expected == null ? Set.of() : Set.of(expected), shownIn, name);
        });
    }

    @Test
    void theListAndTheAuditLogShowNoHashEither() {
        String list = runs.get("token list").out();
        assertFalse(list.contains("hash"), list);
        assertFalse(list.contains("\\x"), list);
        String audit = runs.get("audit list").out();
        assertFalse(audit.contains("argon2"), audit);
        assertFalse(audit.contains("_hash"), audit);
    }
}
