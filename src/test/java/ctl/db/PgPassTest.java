package ctl.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** libpq's password file as libpq reads it (https://www.postgresql.org/docs/current/libpq-pgpass.html). */
class PgPassTest {
    @TempDir Path dir;
    private final List<String> warnings = new ArrayList<>();

    private Path file(String mode, String... lines) throws IOException {
        Path file = Files.writeString(dir.resolve("pgpass"), String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private Path standard() throws IOException {
        return file("rw-------",
                "# comment:*:*:*:not this",
                "db.internal:5432:app:app_user:exact",
                "db.internal:*:app:*:any port any user",
                "*:*:*:reader:for reader anywhere",
                "h\\:x:5432:app:app_user:escaped host",
                "esc:5432:app:app_user:pa\\:ss\\\\word:trailing field",
                "crlf:5432:app:app_user:crlf\r",
                "empty:5432:app:app_user:",
                "short:5432:app",
                "*:*:*:*:fallback");
    }

    @ParameterizedTest(name = "{0}:{1}:{2}:{3} -> {4}")
    @CsvSource(delimiter = '|', value = {
            "db.internal | 5432 | app   | app_user | exact",
            "db.internal | 6543 | app   | someone  | any port any user",
            "other       | 5432 | other | reader   | for reader anywhere",
            "h:x         | 5432 | app   | app_user | escaped host",
            "esc         | 5432 | app   | app_user | pa:ss\\word",
            "crlf        | 5432 | app   | app_user | crlf",
            "short       | 5432 | app   | app_user | fallback",
            "DB.INTERNAL | 5432 | app   | app_user | fallback",
            "db.internal | 5432 | app2  | app_user | fallback",
    })
    void theFirstMatchingLineGivesThePassword(String host, String port, String database, String user, String password)
            throws IOException {
        assertEquals(password, PgPass.lookup(standard(), host, port, database, user, warnings));
        assertEquals(List.of(), warnings);
    }

    @Test
    void anEmptyPasswordFieldIsNoPassword() throws IOException {
        assertNull(PgPass.lookup(standard(), "empty", "5432", "app", "app_user", warnings));
    }

    @Test
    void noMatchingLineAndNoFileAreNoPassword() throws IOException {
        Path file = file("rw-------", "db.internal:5432:app:app_user:exact");
        assertNull(PgPass.lookup(file, "elsewhere", "5432", "app", "app_user", warnings));
        assertNull(PgPass.lookup(dir.resolve("missing"), "db.internal", "5432", "app", "app_user", warnings));
        assertEquals(List.of(), warnings);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"rw-r-----", "rw----r--", "rw-rw-rw-", "rw----rw-", "rw-----w-", "rw---x---"})
    void aFileGroupOrOthersCanAccessIsIgnoredWithAWarning(String mode) throws IOException {
        Path file = file(mode, "*:*:*:*:secret");
        assertNull(PgPass.lookup(file, "h", "5432", "db", "u", warnings));
        assertEquals(List.of("password file " + file + " has group or world access; ignored: "
                + "permissions should be u=rw (0600) or less"), warnings);
    }

    @Test
    void modeSixHundredAndLessAreRead() throws IOException {
        assertEquals("secret", PgPass.lookup(file("rw-------", "*:*:*:*:secret"), "h", "5432", "db", "u", warnings));
        assertEquals("secret", PgPass.lookup(file("r--------", "*:*:*:*:secret"), "h", "5432", "db", "u", warnings));
        assertEquals(List.of(), warnings);
    }

    @Test
    void aDirectoryIsIgnoredWithAWarning() {
        assertNull(PgPass.lookup(dir, "h", "5432", "db", "u", warnings));
        assertEquals(List.of("password file " + dir + " is not a plain file; ignored"), warnings);
    }

    @Test
    void invalidUtf8IsIgnoredWithAWarning() throws IOException {
        Path file = dir.resolve("latin1");
        Files.write(file, new byte[] {'*', ':', '*', ':', '*', ':', '*', ':', (byte) 0xE9, '\n'});
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertNull(PgPass.lookup(file, "h", "5432", "db", "u", warnings));
        assertEquals(List.of("password file " + file + " is not valid UTF-8; ignored"), warnings);
    }
}
