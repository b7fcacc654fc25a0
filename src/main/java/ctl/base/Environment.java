package ctl.base;


import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * What a run of ctl gets from the outside world. {@link #system()} is the real one;
 * tests build their own with string writers, their own environment variables and stdin.
 */
public record Environment(
        Map<String, String> vars,
        InputStream stdin,
        PrintWriter stdout,
        PrintWriter stderr,
        Terminal terminal,
        Clock clock) {

    public static Environment system() {
        return new Environment(
                System.getenv(),
                System.in,
                systemStdout(),
                new PrintWriter(new OutputStreamWriter(
                        new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true),
                Terminal.system(),
                Clock.systemUTC());
    }

    /** The process's stdout, UTF-8, buffered. */
    public static Stdout systemStdout() {
        return Stdout.of(new BufferedWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16));
    }

    public String var(String name) {
        String value = vars.get(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
