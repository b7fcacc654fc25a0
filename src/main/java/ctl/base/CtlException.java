package ctl.base;

/**
 * A failure the operator should see as one line, {@code ctl: <message>}, with an exit
 * code from {@link Exit}. Everything else that escapes a task is a bug (exit 70).
 */
public class CtlException extends RuntimeException {
    private final int exitCode;

    public CtlException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CtlException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static CtlException aborted(String message) { return new CtlException(Exit.ABORTED, message); }
    public static CtlException usage(String message) { return new CtlException(Exit.USAGE, message); }
    public static CtlException notFound(String message) { return new CtlException(Exit.NOT_FOUND, message); }
    public static CtlException conflict(String message) { return new CtlException(Exit.CONFLICT, message); }
    public static CtlException invalid(String message) { return new CtlException(Exit.INVALID, message); }
    public static CtlException unavailable(String message, Throwable cause) {
        return new CtlException(Exit.UNAVAILABLE, message, cause);
    }
    public static CtlException busy(String message) { return new CtlException(Exit.BUSY, message); }
}
