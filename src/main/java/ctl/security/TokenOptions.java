package ctl.security;

import ctl.base.CtlException;
import ctl.core.Context;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Where a task takes a token from (SPEC §6: no secret needs argv): {@code --token-stdin},
 * {@code --token-file FILE}, or the task's own optional argument, which works but warns.
 * Mixed into {@code token refresh}, {@code token delete} and any task that is handed a token.
 */
public final class TokenOptions {
    @Option(names = "--token-stdin", description = "Read the token from standard input.")
    boolean stdin;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Read the token from the first line of FILE (UTF-8, at most 4 KiB).")
    Path file;

    /** True when --token-stdin or --token-file was given. */
    public boolean given() {
        return stdin || file != null;
    }

    /**
     * The token from --token-stdin, --token-file or {@code argument} (the task's positional
     * form, null when absent); null when none was given. Two sources are exit 2; an empty line
     * or invalid input is exit 5. The argument is warned about as visible in the process
     * list, unless it is digits only: that is an id (token delete 42), not a secret.
     */
    public String read(Context ctx, String argument) {
        int sources = (stdin ? 1 : 0) + (file != null ? 1 : 0) + (argument != null ? 1 : 0);
        if (sources > 1) {
            throw CtlException.usage("use one of the token argument, --token-stdin and --token-file");
        }
        if (argument != null) {
            if (!isId(argument)) {
                ctx.out().warn("a token given as an argument is visible in the process list; "
                        + "prefer --token-stdin or --token-file");
            }
            return argument;
        }
        if (!given()) {
            return null;
        }
        String where = stdin ? "standard input" : file.toString();
        char[] line = stdin ? SecretLine.read(ctx.env().stdin(), "token", where) : SecretLine.read(file, "token");
        if (line.length == 0) {
            throw CtlException.invalid("token from " + where + " is empty");
        }
        return new String(line);
    }

    /** As {@link #read}, but exit 2 when no token was given at all. */
    public String require(Context ctx, String argument) {
        String token = read(ctx, argument);
        if (token == null) {
            throw CtlException.usage("no token given: use --token-stdin or --token-file");
        }
        return token;
    }

    /** An id as token delete takes one: 1 to 18 digits, never the form of a token. */
    public static boolean isId(String argument) {
        return argument.matches("\\d{1,18}");
    }
}
