package ctl.doctor;

import ctl.base.Exit;

/** One line of ctl doctor: the check's name, ok, warn or FAIL, what it found, and the exit code of a failure. */
record Check(String name, String status, String detail, int exit) {
    static Check ok(String name, String detail) { return new Check(name, "ok", detail, Exit.OK); }
    static Check warn(String name, String detail) { return new Check(name, "warn", detail, Exit.OK); }
    static Check fail(String name, String detail, int exit) { return new Check(name, "FAIL", detail, exit); }

    /** 14 MB, 79 GB: a size as df -h rounds it. */
    static String size(long bytes) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB"};
        int unit = 0;
        double n = bytes;
        while (n >= 1024 && unit < units.length - 1) {
            n /= 1024;
            unit++;
        }
        return (unit == 0 || n >= 10 ? String.valueOf(Math.round(n)) : String.format("%.1f", n)) + " " + units[unit];
    }
}
