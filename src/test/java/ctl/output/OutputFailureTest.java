package ctl.output;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §2: a failed write to stdout is an error, not a success. A token or link that could
 * not be shown is not left valid: it is written before the commit, and a failed write rolls
 * the transaction back (exit 74). A reader that went away ends the run as SIGPIPE would (141).
 */
class OutputFailureTest extends CtlTest {
    private static final String FULL = "No space left on device";

    @BeforeAll
    void world() {
        Rows.user(sql(), "bob");
    }

    @Test
    void tokenCreateOnAFullDiskExits74AndLeavesNoToken() {
        String before = db.rows();
        var r = expect(74, ctl().stdoutFailing(FULL).run("token", "create", "bob"));
        assertEquals("ctl: cannot write to standard output: " + FULL + ": nothing was created\n", r.err());
        assertEquals(before, db.rows(), "no token, no audit entry");
    }

    @Test
    void aResetLinkThatCannotBeShownIsNotLeftValid() {
        String before = db.rows();
        expect(74, ctl().stdoutFailing(FULL).run("user", "reset_password", "bob"));
        assertEquals(before, db.rows());
    }

    @Test
    void aListOnAFullDiskExits74() {
        var r = expect(74, ctl().stdoutFailing(FULL).run("user", "list", "--format", "csv"));
        assertEquals("ctl: cannot write to standard output: " + FULL + ": the output is incomplete\n", r.err());
    }

    @Test
    void aListWhoseReaderWentAwayEndsAsSigpipeWouldQuietly() {
        var r = expect(141, ctl().stdoutFailing("Broken pipe").run("user", "list"));
        assertEquals("", r.err());
    }

    /** The real thing: a process whose stdout is /dev/full. */
    @Test
    void tokenCreateToDevFullExitsNonZeroAndLeavesNoUsableToken() throws Exception {
        String before = db.rows();
        ProcessBuilder pb = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dorg.jooq.no-logo=true", "-cp", System.getProperty("java.class.path"), "ctl.Main",
                "token", "create", "bob"))
                .redirectOutput(new File("/dev/full"));
        pb.environment().put("DATABASE_URL", db.url());
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(74, p.exitValue(), err);
        assertTrue(err.startsWith("ctl: cannot write to standard output"), err);
        assertEquals(before, db.rows());
    }

    /** Main answers --version before the rest of ctl loads (issue 11): a failed write is still exit 74. */
    @Test
    void versionToDevFullExits74SayingWhy() throws Exception {
        Process p = mainProcess("--version").redirectOutput(new File("/dev/full")).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(74, p.exitValue(), err);
        assertEquals("ctl: cannot write to standard output: No space left on device: the output is incomplete\n", err);
    }

    /** ... and a reader gone away ends it as SIGPIPE would, quietly. */
    @Test
    void versionToAClosedPipeEndsAsSigpipeWouldQuietly() throws Exception {
        Process p = mainProcess("-V").start();
        p.getInputStream().close(); // long before the JVM is up to write
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(141, p.exitValue(), err);
        assertEquals("", err);
    }

    private static ProcessBuilder mainProcess(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "ctl.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
