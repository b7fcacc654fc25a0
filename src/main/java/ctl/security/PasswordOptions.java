package ctl.security;

import ctl.Context;
import ctl.CtlException;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Where a task takes a password from (SPEC §4.1): stdin, a file, the option (warned), or a prompt. */
public final class PasswordOptions {
    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    boolean stdin;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from the first line of FILE.")
    Path file;

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "The password itself (visible in the process list: prefer --password-stdin).")
    String option;

    /** True when one of the options names a source. */
    public boolean given() {
        return stdin || file != null || option != null;
    }

    /**
     * The password from the option the operator gave, policy-checked; null when none was
     * given (the caller decides whether to prompt).
     */
    public char[] read(Context ctx) {
        char[] password = source(ctx);
        if (password == null) {
            return null;
        }
        Passwords.checkPolicy(password);
        warnIfOption(ctx);
        return password;
    }

    /**
     * The password as given, without the policy check: for checking a password someone
     * already has (token login), where a short one is simply wrong. Null when none was given.
     */
    public char[] readToVerify(Context ctx) {
        char[] password = source(ctx);
        if (password != null) {
            warnIfOption(ctx);
        }
        return password;
    }

    private char[] source(Context ctx) {
        int sources = (stdin ? 1 : 0) + (file != null ? 1 : 0) + (option != null ? 1 : 0);
        if (sources > 1) {
            throw CtlException.usage("use one of --password-stdin, --password-file and --password");
        }
        if (stdin) {
            return firstLine(ctx.env().stdin(), "standard input");
        }
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                return firstLine(in, file.toString());
            } catch (IOException e) {
                throw CtlException.usage("cannot read password file " + file);
            }
        }
        return option == null ? null : option.toCharArray();
    }

    private void warnIfOption(Context ctx) {
        if (option != null) {
            ctx.out().warn("--password is visible in the process list; prefer --password-stdin or --password-file");
        }
    }

    /** Asks twice on the terminal; exit 5 when the two differ or the policy fails. */
    public static char[] prompt(Context ctx) {
        char[] first = ctx.env().terminal().readPassword("Password: ");
        if (first == null) {
            throw CtlException.aborted("no password given, nothing changed");
        }
        Passwords.checkPolicy(first);
        char[] second = ctx.env().terminal().readPassword("Repeat password: ");
        if (second == null || !Arrays.equals(first, second)) {
            throw CtlException.invalid("the passwords do not match");
        }
        Arrays.fill(second, '\0');
        return first;
    }

    private static char[] firstLine(InputStream in, String what) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                buffer.write(b);
            }
            byte[] bytes = buffer.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, length));
            Arrays.fill(bytes, (byte) 0);
            char[] password = new char[chars.remaining()];
            chars.get(password);
            return password;
        } catch (IOException e) {
            throw CtlException.usage("cannot read the password from " + what);
        }
    }
}
