package ctl.security;

import ctl.base.CtlException;
import ctl.base.Exit;
import ctl.core.Context;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;

/** Where a task takes a password from (SPEC §4.1): stdin, a file, the option (warned), or a prompt. */
public final class PasswordOptions {
    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    boolean stdin;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from the first line of FILE (UTF-8, at most 4 KiB).")
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
            return SecretLine.read(ctx.env().stdin(), "password", "standard input");
        }
        if (file != null) {
            return SecretLine.read(file, "password");
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
        for (int attempt = 1; ; attempt++) {
            char[] first = ctx.env().terminal().readPassword("Password: ");
            if (first == null) {
                throw CtlException.aborted("no password given, nothing changed");
            }
            try {
                Passwords.checkPolicy(first);
                char[] second = ctx.env().terminal().readPassword("Repeat password: ");
                if (second == null) {
                    throw CtlException.aborted("no password given, nothing changed");
                }
                boolean same = Arrays.equals(first, second);
                Arrays.fill(second, '\0');
                if (!same) {
                    throw CtlException.invalid("the passwords do not match");
                }
                return first;
            } catch (CtlException e) {
                // As passwd does: a typo or a short password is asked again, three tries in all.
                Arrays.fill(first, '\0');
                if (e.exitCode() != Exit.INVALID || attempt == PROMPT_TRIES) {
                    throw e;
                }
                ctx.out().warn(e.getMessage() + "; try again");
            }
        }
    }

    /** How many times a terminal is asked for a new password before the run gives up (exit 5). */
    static final int PROMPT_TRIES = 3;
}
