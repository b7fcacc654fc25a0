package ctl.launcher;

import ctl.testing.EveryTask;
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
            session(Map.of("DATABASE_URL", db.url()), () -> db.sql().execute("""
                    insert into users (nickname, local, instance) values ('dan@remote.example', false, 'remote.example');
                    insert into activities (user_id, kind, content)
                      select u.id, 'post', 'post ' || n from users u, generate_series(1, 2500) n where u.nickname = 'bob';
                    insert into follows (follower_id, followed_id)
                      select f.id, c.id from users f, users c
                      where f.nickname in ('alice', 'bob') and c.nickname in ('carol', 'dan@remote.example');
                    """)).runAll();
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
        session(Map.of("HOME", home.toString(), "CTL_DATA_DIR", data.toString()), () -> {}).runAll();
        assertTrue(Files.exists(data.resolve("data")));
        assertTrue(!Files.exists(data.resolve("data/postmaster.pid")), "no server is left running");
    }

    /** One session through bin/ctl, a process per task, with these variables. */
    private static EveryTask session(Map<String, String> env, Runnable seed) {
        return new EveryTask((code, stdin, args) -> {
            Map<String, String> withBase = new HashMap<>(env);
            withBase.put("CTL_BASE_URL", "https://social.example");
            var r = Launch.run(CTL, withBase, stdin, args);
            assertEquals(code, r.code(), () -> String.join(" ", args) + "\n" + r);
            return r.out().trim();
        }, seed);
    }
}
