package ctl.testing;

import ctl.base.GlobalOptions;
import ctl.cli.Cli;
import ctl.core.Context;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operator's session that runs every task of the command table once, written once: the
 * launcher test runs it through bin/ctl, the PgBouncer test through a pooler. A new task gets
 * its line here, and both fail until it has one.
 */
public final class EveryTask {
    /** Runs one task, expecting the exit code; returns its stdout, trimmed. */
    public interface Runner {
        String run(int code, String stdin, String... args) throws Exception;
    }

    private final Runner runner;
    private final Runnable seed;
    private final Set<String> ran = new TreeSet<>();

    /**
     * {@code seed} writes what the application would have (posts, follows, remote users) before
     * the bulk tasks run; it may assume alice, bob and carol exist.
     */
    public EveryTask(Runner runner, Runnable seed) {
        this.runner = runner;
        this.seed = seed;
    }

    private String run(int code, String stdin, String... args) throws Exception {
        ran.add(Set.of("migrate", "doctor", "completion").contains(args[0]) ? args[0] : args[0] + " " + args[1]);
        return runner.run(code, stdin, args);
    }

    private String ok(String... args) throws Exception {
        return run(0, "", args);
    }

    /** Every task once, then checks that none of the table was left out. */
    public void runAll() throws Exception {
        ok("migrate");
        assertTrue(ok("migrate", "--status").contains("users"));
        assertTrue(ok("doctor").contains("ok    schema"));
        run(0, "password1\n", "user", "new", "alice", "alice@example.com", "--password-stdin", "--admin");
        assertTrue(ok("user", "new", "bob@example.com", "--bio", "two words").startsWith("https://social.example/password_reset/"));
        ok("user", "new", "carol", "carol@example.com", "--no-approved");
        assertTrue(ok("user", "list", "--format", "csv", "--fields", "nickname").contains("alice\r\nbob\r\ncarol"));
        assertTrue(ok("user", "show", "bob", "--json").contains("\"bio\": \"two words\""));
        assertTrue(ok("user", "search", "CAR", "--fields", "nickname").contains("carol"));
        ok("user", "update", "bob", "--name", "Bob B");
        run(0, "password2\n", "user", "password", "bob", "--password-stdin");
        ok("user", "new", "dave", "dave@example.com", "--no-approved");
        ok("user", "reject", "dave", "-y");
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

        seed.run();
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

        ok("user", "sign_out", "alice");
        ok("user", "delete_activities", "bob", "-y");
        ok("user", "unsubscribe", "carol");
        ok("user", "unsubscribe_all_from_instance", "remote.example");
        ok("user", "rm", "carol", "-y");
        ok("user", "rm", "bob", "-y");

        String entries = ok("audit", "list", "--format", "jsonl", "--fields", "id,operation");
        assertTrue(entries.contains("\"operation\":\"user.rm\""), entries);
        String id = entries.lines().findFirst().orElseThrow().replaceFirst(".*\"id\":(\\d+).*", "$1");
        assertTrue(ok("audit", "get", id).contains("user.rm"));
        assertTrue(ok("completion", "bash").contains("complete -F _complete_ctl"));

        assertEquals(ofTheTable(), ran, "every task of the table ran once");
    }

    /** "user new", "token create", "migrate", …: the leaves of the command table. */
    public static Set<String> ofTheTable() {
        CommandLine root = Cli.commandLine(new Context(new CtlRun().environment(), new GlobalOptions()), new GlobalOptions());
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
