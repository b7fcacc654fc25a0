package ctl.base;

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

    private Exit() {}
}
