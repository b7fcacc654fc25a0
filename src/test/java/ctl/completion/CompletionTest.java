package ctl.completion;

import ctl.testing.CtlRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompletionTest {
    @Test
    void bashCompletesTaskNames(@TempDir Path dir) throws Exception {
        var r = new CtlRun().run("completion", "bash");
        assertEquals(0, r.code(), r::toString);
        Path script = dir.resolve("ctl.bash");
        Files.writeString(script, r.out());
        String probe = "source " + script + " 2>/dev/null; COMP_WORDS=(ctl user sea); COMP_CWORD=2; "
                + "COMP_LINE='ctl user sea'; COMP_POINT=${#COMP_LINE}; _complete_ctl 2>/dev/null; echo \"${COMPREPLY[*]}\"";
        Process bash = new ProcessBuilder("bash", "-c", probe).start();
        String out = new String(bash.getInputStream().readAllBytes()).trim();
        assertEquals(0, bash.waitFor());
        assertEquals("search", out);
    }

    @Test
    void zshLoadsTheSameScriptThroughBashcompinit() {
        var r = new CtlRun().run("completion", "zsh");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"));
        assertTrue(r.out().contains("complete -F _complete_ctl"), r::toString);
    }

    @Test
    void anotherShellExits2() {
        var r = new CtlRun().run("completion", "fish");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("ctl: invalid value for positional parameter"), r.err());
    }

    @Test
    void itNeedsNoDatabase() {
        var r = new CtlRun().env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none").run("completion", "bash");
        assertEquals(0, r.code(), r::toString);
    }
}
