package ctl.launcher;

import ctl.base.GlobalOptions;
import ctl.cli.Cli;
import ctl.testing.CtlRun;
import ctl.testing.TestDatabase;
import ctl.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operator's session through bin/ctl, a real process per task: every task of the command
 * table once, on a configured database and on the embedded default (as root). The unit tests
 * prove each task's behaviour; this proves each one runs as shipped, on both databases.
 */
class EveryTaskIT {
    private static final Path CTL = Launch.HOME.resolve("bin/ctl");

    @Test
    void everyTaskRunsOnAConfiguredDatabase() throws Exception {
        TestDatabase db = TestServer.get().createDatabase("everytask");
        try {
            // what the application would have written: bob's posts, follows of carol, a remote user
            new Session(Map.of("DATABASE_URL", db.url()), () -> db.sql().execute("""
                    insert into users (nickname, local, instance) values ('dan@remote.example', false, 'remote.example');
                    insert into activities (user_id, kind, content)
                      select u.id, 'post', 'post ' || n from users u, generate_series(1, 2500) n where u.nickname = 'bob';
                    insert into follows (follower_id, followed_id)
                      select f.id, c.id from users f, users c
                      where f.nickname in ('alice', 'bob') and c.nickname in ('carol', 'dan@remote.example');
                    """)).runEveryTask();
            assertEquals(0, db.sql().fetchCount(ctl.db.schema.Tables.ACTIVITIES));
            assertEquals(0, db.sql().fetchCount(ctl.db.schema.Tables.FOLLOWS));
        } finally {
            db.drop();
        }
    }

    @Test
    void everyTaskRunsOnTheEmbeddedDefaultAsRoot(@TempDir Path home) throws Exception {
        // As root the default is /var/lib/ctl, shared by the machine: the test names its own
        // (new) directory, in a place the embedded server's unprivileged uid can reach.
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = home.resolve("ctl-data");
        new Session(Map.of("HOME", home.toString(), "CTL_DATA_DIR", data.toString()), () -> {}).runEveryTask();
        assertTrue(Files.exists(data.resolve("data")));
        assertTrue(!Files.exists(data.resolve("data/postmaster.pid")), "no server is left running");
    }

    /** One database's session; it remembers which tasks it ran, to compare with the table. */
    private static final class Session {
        private final Map<String, String> env;
        private final Runnable seed;
        private final Set<String> ran = new TreeSet<>();

        Session(Map<String, String> env, Runnable seed) {
            this.env = env;
            this.seed = seed;
        }

        /** Runs one task, expecting the exit code; returns its stdout, trimmed. */
        private String run(int code, String stdin, String... args) throws Exception {
            Map<String, String> withBase = new HashMap<>(env);
            withBase.put("CTL_BASE_URL", "https://social.example");
            var r = Launch.run(CTL, withBase, stdin, args);
            assertEquals(code, r.code(), () -> String.join(" ", args) + "\n" + r);
            ran.add(args[0].equals("migrate") || args[0].equals("completion") ? args[0] : args[0] + " " + args[1]);
            return r.out().trim();
        }

        private String ok(String... args) throws Exception {
            return run(0, "", args);
        }

        void runEveryTask() throws Exception {
            ok("migrate");
            assertTrue(ok("migrate", "--status").contains("users"));
            run(0, "password1\n", "user", "new", "alice", "alice@example.com", "--password-stdin", "--admin");
            assertTrue(ok("user", "new", "bob@example.com", "--bio", "two words").startsWith("https://social.example/password_reset/"));
            ok("user", "new", "carol", "carol@example.com", "--no-approved");
            assertTrue(ok("user", "list", "--format", "csv", "--fields", "nickname").contains("alice\r\nbob\r\ncarol"));
            assertTrue(ok("user", "show", "bob", "--json").contains("\"bio\": \"two words\""));
            assertTrue(ok("user", "search", "CAR", "--fields", "nickname").contains("carol"));
            ok("user", "update", "bob", "--name", "Bob B");
            run(0, "password2\n", "user", "password", "bob", "--password-stdin");
            ok("user", "approve", "--all");
            ok("user", "deactivate", "carol");
            ok("user", "activate", "carol");
            ok("user", "toggle_activated", "carol");
            ok("user", "unconfirm", "carol");
            ok("user", "confirm", "carol");
            ok("user", "toggle_confirmed", "carol");
            ok("user", "set", "carol", "--moderator", "--locked");
            ok("user", "tag", "carol", "Staff", "ops");
            assertTrue(ok("user", "untag", "carol", "ops", "--json").contains("\"tags\": [\"staff\"]"));
            String link = ok("user", "reset_password", "carol");
            assertTrue(link.startsWith("https://social.example/password_reset/"), link);
            run(0, link + "\npassword3\n", "user", "reset_password", "--complete", "--token-stdin", "--password-stdin");
            ok("user", "confirm_all", "-y");
            ok("user", "unconfirm_all", "-y");

            String invite = ok("user", "invite", "--max-use", "3");
            assertTrue(invite.startsWith("https://social.example/registration/"), invite);
            assertTrue(ok("user", "invites", "--active").contains("Token type: reusable"));
            ok("user", "revoke_invite", invite.substring(invite.lastIndexOf('/') + 1));
            ok("user", "prune_invites");

            String token = ok("token", "create", "alice", "--label", "ci");
            assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
            String login = run(0, "password1\n", "token", "login", "alice", "--password-stdin", "--format", "jsonl");
            String refresh = login.replaceFirst(".*\"refresh_token\":\"([^\"]+)\".*", "$1");
            assertTrue(run(0, refresh + "\n", "token", "refresh", "--token-stdin", "--format", "jsonl").contains("access_token"));
            assertTrue(run(0, refresh + "\n", "token", "show", "--token-stdin").contains("state:"));
            assertTrue(ok("token", "list", "alice").contains("ci"));
            ok("token", "delete", "--", token);
            ok("token", "prune");

            ok("group", "create", "staff", "--summary", "The team");
            ok("group", "add-user", "staff", "alice");
            assertTrue(ok("group", "get", "staff", "--json").contains("alice"));
            assertTrue(ok("group", "list").contains("staff"));
            ok("group", "remove-user", "staff", "alice");
            ok("group", "delete", "staff", "-y");

            seed.run();
            ok("user", "sign_out", "alice");
            ok("user", "delete_activities", "bob", "-y");
            ok("user", "unsubscribe", "carol");
            ok("user", "unsubscribe_all_from_instance", "remote.example");
            ok("user", "rm", "bob", "-y");

            String entries = ok("audit", "list", "--format", "jsonl", "--fields", "id,operation");
            assertTrue(entries.contains("\"operation\":\"user.rm\""), entries);
            String id = entries.lines().findFirst().orElseThrow().replaceFirst(".*\"id\":(\\d+).*", "$1");
            assertTrue(ok("audit", "get", id).contains("user.rm"));
            assertTrue(ok("completion", "bash").contains("complete -F _complete_ctl"));

            assertEquals(everyTaskOfTheTable(), ran, "every task of the table ran once");
        }
    }

    /** "user new", "token create", "migrate", …: the leaves of the command table. */
    static Set<String> everyTaskOfTheTable() {
        CommandLine root = Cli.commandLine(new ctl.core.Context(new CtlRun().environment(), new GlobalOptions()), new GlobalOptions());
        Set<String> tasks = new TreeSet<>();
        List<CommandLine> todo = new ArrayList<>(new LinkedHashSet<>(root.getSubcommands().values()));
        while (!todo.isEmpty()) {
            CommandLine cl = todo.remove(0);
            if (cl.getSubcommands().isEmpty()) {
                tasks.add(cl.getCommandSpec().qualifiedName().replaceFirst("^ctl ", ""));
            }
            todo.addAll(new LinkedHashSet<>(cl.getSubcommands().values()));
        }
        return tasks;
    }
}
