package ctl.base;

import java.io.BufferedReader;
import java.io.Console;
import java.io.FileReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The operator's terminal, when there is one: confirmations and password prompts. */
public interface Terminal {
    /** True when a person can answer a prompt. */
    boolean interactive();

    /** Prints the prompt on the terminal and reads one line; null at end of input. */
    String readLine(String prompt);

    /** Like {@link #readLine} without echoing what is typed. */
    char[] readPassword(String prompt);

    Terminal NONE = new Terminal() {
        @Override public boolean interactive() { return false; }
        @Override public String readLine(String prompt) { return null; }
        @Override public char[] readPassword(String prompt) { return null; }
    };

    /**
     * The process's terminal. The launcher tells us whether stdin and stderr are ttys
     * ({@code -Dctl.tty=true}); Java's Console alone would say no whenever stdout is piped,
     * as in {@code ctl user new … --json | jq}. Prompts then go through /dev/tty.
     */
    static Terminal system() {
        Console console = System.console();
        boolean tty = console != null || Boolean.getBoolean("ctl.tty");
        if (!tty) {
            return NONE;
        }
        return new Terminal() {
            @Override public boolean interactive() { return true; }

            @Override public String readLine(String prompt) {
                if (console != null) {
                    return console.readLine("%s", prompt);
                }
                System.err.print(prompt);
                System.err.flush();
                try (BufferedReader tty = new BufferedReader(new FileReader("/dev/tty", StandardCharsets.UTF_8))) {
                    return tty.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override public char[] readPassword(String prompt) {
                if (console != null) {
                    return console.readPassword("%s", prompt);
                }
                stty("-echo");
                try {
                    String line = readLine(prompt);
                    return line == null ? null : line.toCharArray();
                } finally {
                    stty("echo");
                    System.err.println();
                }
            }
        };
    }

    private static void stty(String mode) {
        try {
            new ProcessBuilder("sh", "-c", "stty " + mode + " < /dev/tty").inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
