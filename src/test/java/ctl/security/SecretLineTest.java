package ctl.security;

import ctl.base.CtlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC §6: a secret read from stdin or a file is strict UTF-8, one line, at most 4 KiB. */
class SecretLineTest {
    private static char[] read(byte[] bytes) {
        return SecretLine.read(new ByteArrayInputStream(bytes), "password", "standard input");
    }

    private static CtlException refused(byte[] bytes) {
        return assertThrows(CtlException.class, () -> read(bytes));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theFirstLineIsDecodedAsUtf8WithoutItsLineEnd() {
        assertArrayEquals("pässwörd ✓ 🔑".toCharArray(), read(utf8("pässwörd ✓ 🔑\nsecond line\n")));
        assertArrayEquals("crlf line".toCharArray(), read(utf8("crlf line\r\n")));
        assertArrayEquals("no line end".toCharArray(), read(utf8("no line end")));
        assertArrayEquals(new char[0], read(new byte[0]));
    }

    @Test
    void latin1BytesAreRefusedWithExit5InsteadOfBecomingReplacementCharacters() {
        CtlException e = refused("pässwörd".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(5, e.exitCode());
        assertEquals("password from standard input is not valid UTF-8", e.getMessage());
    }

    @Test
    void everyKindOfInvalidUtf8IsRefused() {
        byte[][] invalid = {
                {(byte) 0xC3},                           // truncated sequence
                {(byte) 0xC0, (byte) 0xAF},              // overlong '/'
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
                {(byte) 0xFF},
        };
        for (byte[] bytes : invalid) {
            assertEquals(5, refused(bytes).exitCode(), Arrays.toString(bytes));
        }
    }

    @Test
    void fourKibIsAcceptedAndOneByteMoreIsExit5() {
        byte[] max = new byte[SecretLine.MAX_BYTES];
        Arrays.fill(max, (byte) 'a');
        assertEquals(SecretLine.MAX_BYTES, read(max).length);
        assertEquals(SecretLine.MAX_BYTES, read(utf8(new String(max, StandardCharsets.US_ASCII) + "\r\n")).length);
        CtlException e = refused(utf8(new String(max, StandardCharsets.US_ASCII) + "b\n"));
        assertEquals(5, e.exitCode());
        assertEquals("password from standard input is longer than 4096 bytes", e.getMessage());
    }

    /** An endless stream with no newline, counting what was taken from it. */
    private static final class Endless extends InputStream {
        long taken;

        @Override
        public int read() {
            taken++;
            return 'x';
        }
    }

    @Test
    void anEndlessLineIsRefusedAfterAtMostFourKibAndABit() {
        Endless endless = new Endless();
        CtlException e = assertThrows(CtlException.class, () -> SecretLine.read(endless, "token", "standard input"));
        assertEquals(5, e.exitCode());
        assertTrue(endless.taken <= SecretLine.MAX_BYTES + 2, "read " + endless.taken + " bytes");
    }

    @Test
    void nothingPastTheFirstLineIsConsumedSoASecondSecretCanFollow() throws IOException {
        InputStream in = new ByteArrayInputStream(utf8("first token\nsecond secret\nrest"));
        assertArrayEquals("first token".toCharArray(), SecretLine.read(in, "token", "standard input"));
        assertArrayEquals("second secret".toCharArray(), SecretLine.read(in, "password", "standard input"));
        assertEquals("rest", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aMissingFileIsAUsageError(@TempDir Path dir) {
        CtlException e = assertThrows(CtlException.class, () -> SecretLine.read(dir.resolve("nope"), "password"));
        assertEquals(2, e.exitCode());
        assertEquals("cannot read password file " + dir.resolve("nope") + ": no such file", e.getMessage());
    }

    @Test
    void devZeroEndsAtOnce() {
        CtlException e = assertThrows(CtlException.class, () -> SecretLine.read(Path.of("/dev/zero"), "password"));
        assertEquals(5, e.exitCode());
        assertEquals("password from /dev/zero is longer than 4096 bytes", e.getMessage());
    }
}
