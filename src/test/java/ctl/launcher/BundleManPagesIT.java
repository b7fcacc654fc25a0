package ctl.launcher;

import ctl.base.Build;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The release's man pages are where man finds them once the bundle's bin is on PATH (SPEC §8). */
class BundleManPagesIT {
    @Test
    void manFindsEveryPageThroughTheBundlesBinOnPath(@TempDir Path somewhere) throws Exception {
        Path bundle = Launch.HOME.resolve("target/ctl-" + Build.version() + ".tar.gz");
        Process untar = new ProcessBuilder("tar", "xzf", bundle.toString(), "-C", somewhere.toString()).inheritIO().start();
        assertEquals(0, untar.waitFor());
        Path home = somewhere.resolve("ctl-" + Build.version()).toRealPath();
        for (String page : List.of("ctl", "ctl-user-rm", "ctl-token-prune")) {
            ProcessBuilder man = new ProcessBuilder("man", "-w", page).redirectErrorStream(true);
            man.environment().remove("MANPATH");
            man.environment().put("PATH", home.resolve("bin") + ":/usr/bin:/bin");
            Process p = man.start();
            String where = new String(p.getInputStream().readAllBytes()).strip();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), where);
            assertEquals(home.resolve("share/man/man1/" + page + ".1").toString(), where);
        }
    }
}
