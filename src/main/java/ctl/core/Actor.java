package ctl.core;

import ctl.base.Environment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who ran a task, for the audit log (SPEC §4.6): the OS user of the process's real uid and
 * the host. Under sudo, the user behind it, but only when the real uid is 0 and SUDO_UID
 * agrees with /etc/passwd: SUDO_USER alone is just a variable anyone can set.
 */
public record Actor(String user, String host) {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path PASSWD = Path.of("/etc/passwd");
    /** A portable user name (useradd's default NAME_REGEX, with '.'): no control characters, no spaces. */
    private static final Pattern USER_NAME = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}\\$?");

    static Actor of(Environment env) {
        return new Actor(user(env, STATUS, PASSWD), hostname(env));
    }

    static String user(Environment env, Path status, Path passwd) {
        long uid = realUid(status);
        if (uid < 0) {
            return System.getProperty("user.name", "unknown");
        }
        List<String[]> entries = entries(passwd);
        if (uid == 0) {
            String sudoUser = env.var("SUDO_USER");
            String sudoUid = env.var("SUDO_UID");
            if (sudoUser != null && sudoUid != null && USER_NAME.matcher(sudoUser).matches()
                    && sudoUid.matches("\\d{1,10}") && uidOf(entries, sudoUser) == Long.parseLong(sudoUid)) {
                return sudoUser;
            }
        }
        for (String[] entry : entries) {
            if (entry[2].equals(Long.toString(uid))) {
                return entry[0];
            }
        }
        // Not in /etc/passwd (LDAP, a container's arbitrary uid): Java asked the name service.
        String name = System.getProperty("user.name");
        return name != null && USER_NAME.matcher(name).matches() ? name : "#" + uid;
    }

    /** The first field of the {@code Uid:} line (real, effective, saved, filesystem); -1 if unknown. */
    private static long realUid(Path status) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).trim().split("\\s+");
                    return ids[0].matches("\\d{1,10}") ? Long.parseLong(ids[0]) : -1;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no /proc: the fallback below
        }
        return -1;
    }

    /** name, password, uid of each well-formed line; none if the file cannot be read. */
    private static List<String[]> entries(Path passwd) {
        try {
            return Files.readAllLines(passwd, StandardCharsets.ISO_8859_1).stream()
                    .map(line -> line.split(":", -1))
                    .filter(fields -> fields.length >= 3 && fields[2].matches("\\d{1,10}"))
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static long uidOf(List<String[]> entries, String name) {
        for (String[] entry : entries) {
            if (entry[0].equals(name)) {
                return Long.parseLong(entry[2]);
            }
        }
        return -1;
    }

    // No InetAddress lookup: it can wait on DNS, and the kernel already knows the name.
    private static String hostname(Environment env) {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            String host = env.var("HOSTNAME");
            return host == null ? "unknown" : host;
        }
    }
}
