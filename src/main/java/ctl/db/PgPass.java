package ctl.db;

import ctl.base.Environment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * libpq's password file (PGPASSFILE, else ~/.pgpass): {@code hostname:port:database:username:password}
 * lines, the first match wins, {@code *} matches anything, {@code \:} and {@code \\} escape, lines
 * starting with {@code #} are comments. As libpq does, a file that group or others can access is
 * ignored with a warning, and so is one that is not a plain file.
 */
public final class PgPass {
    /** Far beyond any real password file; a bigger one is ignored rather than read. */
    static final long MAX_BYTES = 1 << 20;
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PgPass() {}

    /**
     * PGPASSFILE, else .pgpass in the home directory of the user ctl runs as (libpq takes it
     * from the password database, as Java's user.home does, not from $HOME).
     */
    public static Path location(Environment env) {
        String file = env.var("PGPASSFILE");
        return file != null ? Path.of(file) : Path.of(System.getProperty("user.home"), ".pgpass");
    }

    /**
     * The password the file gives for these coordinates, or null: no file, no matching line,
     * or a file ignored for a reason added to {@code warnings}.
     */
    public static String lookup(Path file, String host, String port, String database, String user, List<String> warnings) {
        if (!Files.exists(file)) {
            return null;
        }
        if (!Files.isRegularFile(file)) {
            warnings.add("password file " + file + " is not a plain file; ignored");
            return null;
        }
        String text;
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file); // of the target, as stat(2)
            if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                warnings.add("password file " + file + " has group or world access; ignored: "
                        + "permissions should be u=rw (0600) or less");
                return null;
            }
            if (Files.size(file) > MAX_BYTES) {
                warnings.add("password file " + file + " is larger than 1 MiB; ignored");
                return null;
            }
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            warnings.add("password file " + file + " is not valid UTF-8; ignored");
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            return null; // unreadable, as libpq: then there is simply no password from it
        }
        for (String line : text.split("\n")) {
            line = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (line.startsWith("#")) {
                continue;
            }
            String rest = field(line, host);
            rest = rest == null ? null : field(rest, port);
            rest = rest == null ? null : field(rest, database);
            rest = rest == null ? null : field(rest, user);
            if (rest != null) {
                String password = unescape(rest);
                return password.isEmpty() ? null : password;
            }
        }
        return null;
    }

    /** What follows the first field of {@code line} if that field matches {@code value}, else null. */
    private static String field(String line, String value) {
        if (line.startsWith("*:")) {
            return line.substring(2);
        }
        int v = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                c = line.charAt(++i);
            } else if (c == ':') {
                return v == value.length() ? line.substring(i + 1) : null;
            }
            if (v == value.length() || value.charAt(v) != c) {
                return null;
            }
            v++;
        }
        return null; // no ':' after this field: a line with too few fields
    }

    /** The password field: up to an unescaped ':', with its escapes removed. */
    private static String unescape(String field) {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                c = field.charAt(++i);
            } else if (c == ':') {
                break;
            }
            password.append(c);
        }
        return password.toString();
    }
}
