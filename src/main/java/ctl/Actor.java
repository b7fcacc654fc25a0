package ctl;

import ctl.cli.Environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who ran a task, for the audit log: the OS user (the one behind sudo, if any) and the host. */
public record Actor(String user, String host) {
    static Actor of(Environment env) {
        String user = env.var("SUDO_USER");
        if (user == null) {
            user = System.getProperty("user.name", "unknown");
        }
        return new Actor(user, hostname(env));
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
