package ctl.security;

import ctl.testing.CtlTest;
import ctl.testing.Rows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static ctl.db.schema.Tables.API_TOKENS;
import static ctl.db.schema.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SPEC §6 "input is decoded strictly and bounded in size", for passwords, through the real
 * command line: --password-stdin and --password-file take one line of strict UTF-8 of at
 * most 4 KiB, and say so with exit 5 otherwise, at once, whatever the file holds.
 */
class PasswordInputTest extends CtlTest {
    private static final byte[] LATIN1 = "pässwörd-één".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir Path dir;

    @BeforeEach
    void noUsers() {
        Rows.reset(sql());
    }

    private int users() {
        return sql().fetchCount(USERS);
    }

    @Test
    void aLatin1PasswordFileIsExit5AndNoUserIsCreated() throws IOException {
        Path file = Files.write(dir.resolve("latin1"), LATIN1);
        var r = expect(5, ctl("user", "new", "alice", "alice@example.com", "--password-file", file.toString()));
        assertEquals("ctl: password from " + file + " is not valid UTF-8\n", r.err());
        assertEquals("", r.out());
        assertEquals(0, users());
    }

    @Test
    void latin1OnStdinIsExit5AndNoUserIsCreated() {
        var r = expect(5, ctl().stdin(LATIN1).run("user", "new", "alice", "alice@example.com", "--password-stdin"));
        assertEquals("ctl: password from standard input is not valid UTF-8\n", r.err());
        assertEquals(0, users());
    }

    @Test
    void aPasswordOfReplacementCharactersCannotBeMatchedByAnyInvalidBytes() {
        // Decoding with replacement turned every invalid byte into U+FFFD: these eight
        // Latin-1 letters, or any other eight, logged in as this password.
        char[] replacements = new char[8];
        Arrays.fill(replacements, '\uFFFD');
        expect(0, ctl().stdin(new String(replacements) + "\n")
                .run("user", "new", "alice", "alice@example.com", "--password-stdin"));
        byte[] eightLatin1 = "éèêëàâäö".getBytes(StandardCharsets.ISO_8859_1);
        var r = expect(5, ctl().stdin(eightLatin1).run("token", "login", "alice", "--password-stdin"));
        assertEquals("ctl: password from standard input is not valid UTF-8\n", r.err());
        assertEquals(0, sql().fetchCount(API_TOKENS));
    }

    @Test
    void aUtf8PasswordWorksFromStdinAndFromAFile() throws IOException {
        expect(0, ctl().stdin("pässwörd ✓ 🔑\n").run("user", "new", "alice", "alice@example.com", "--password-stdin"));
        Path file = Files.writeString(dir.resolve("utf8"), "pässwörd ✓ 🔑\r\nignored\n");
        expect(0, ctl("token", "login", "alice", "--password-file", file.toString()));
        assertEquals(1, sql().fetchCount(API_TOKENS));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void devZeroAsThePasswordFileIsReadOnlyUpToTheLimitAndExits5() {
        // the timeout guards against a hang (reading /dev/zero forever); it measures nothing
        var r = ctl("user", "new", "alice", "alice@example.com", "--password-file", "/dev/zero");
        expect(5, r);
        assertEquals("ctl: password from /dev/zero is longer than 4096 bytes\n", r.err());
        assertEquals(0, users());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFiftyMegabyteOneLineFileIsReadOnlyUpToTheLimitAndExits5() throws IOException {
        Path file = dir.resolve("huge");
        ByteBuffer chunk = ByteBuffer.wrap("x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII));
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < 50; i++) {
                out.write(chunk.rewind());
            }
        }
        var r = ctl("user", "new", "alice", "alice@example.com", "--password-file", file.toString());
        expect(5, r);
        assertEquals("ctl: password from " + file + " is longer than 4096 bytes\n", r.err());
        assertEquals(0, users());
    }

    @Test
    void aHugeLineOnStdinIsExit5ForUserPasswordToo() {
        expect(0, ctl().stdin("a good password\n").run("user", "new", "alice", "alice@example.com", "--password-stdin"));
        String before = sql().select(USERS.PASSWORD_HASH).from(USERS).fetchOne().value1();
        var r = expect(5, ctl().stdin("y".repeat(5000) + "\n").run("user", "password", "alice", "--password-stdin"));
        assertEquals("ctl: password from standard input is longer than 4096 bytes\n", r.err());
        assertEquals(before, sql().select(USERS.PASSWORD_HASH).from(USERS).fetchOne().value1());
    }
}
