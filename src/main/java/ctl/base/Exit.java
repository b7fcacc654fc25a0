package ctl.base;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of SPEC §2. */
public final class Exit {
    public static final int OK = 0;
    public static final int ABORTED = 1;
    public static final int USAGE = 2;
    public static final int NOT_FOUND = 3;
    public static final int CONFLICT = 4;
    public static final int INVALID = 5;
    public static final int UNAVAILABLE = 6;
    public static final int BUSY = 7;
    public static final int SCHEMA = 8;
    public static final int INTERNAL = 70;
    /** stdout could not be written (a full disk): sysexits' EX_IOERR. README documents it. */
    public static final int OUTPUT = 74;

    /** What each code means, in order: for help and the man pages. */
    public static final Map<Integer, String> MEANINGS = meanings(
            OK, "done, or nothing to do",
            ABORTED, "aborted: the operator said no, or a confirmation was needed with no terminal and no -y",
            USAGE, "usage: unknown task or option, missing or malformed argument",
            NOT_FOUND, "not found: no such user, invite, token, group or audit entry",
            CONFLICT, "conflict: a name taken, or a state the task cannot act on",
            INVALID, "invalid data: email, nickname, password policy, JSON, date",
            UNAVAILABLE, "database unavailable: cannot connect, lost or stalled, or read-only",
            BUSY, "busy: a lock wait timed out, or another run holds the task's lock; safe to retry",
            SCHEMA, "schema mismatch: the database is older or newer than this ctl (run ctl migrate)",
            INTERNAL, "internal error (rerun with -v for the stack trace)",
            OUTPUT, "standard output could not be written (a full disk): the output is incomplete");

    private Exit() {}

    private static Map<Integer, String> meanings(Object... pairs) {
        Map<Integer, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((Integer) pairs[i], (String) pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
