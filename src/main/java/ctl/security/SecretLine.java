package ctl.security;

import ctl.base.CtlException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The first line of a stream or file holding a secret (a password, a token), read as SPEC §6
 * says input is read: strictly as UTF-8 and bounded in size. Invalid UTF-8 or a line longer
 * than {@link #MAX_BYTES} is exit 5; no byte after the first newline is read, so a second
 * secret may follow on the next line of the same stdin.
 */
public final class SecretLine {
    /** A line of at most 4 KiB, its line end not counted: far beyond any password or token. */
    public static final int MAX_BYTES = 4096;

    private SecretLine() {}

    /**
     * The first line of {@code in}, without its {@code \n} or {@code \r\n}; empty at end of
     * input. {@code kind} ("password") and {@code where} ("standard input") name it in errors.
     */
    public static char[] read(InputStream in, String kind, String where) {
        byte[] bytes = new byte[MAX_BYTES + 1];
        int length = 0;
        try {
            // Byte by byte, so nothing past the line is consumed; never more than MAX_BYTES + 1.
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (length == bytes.length) {
                    throw CtlException.invalid(kind + " from " + where + " is longer than " + MAX_BYTES + " bytes");
                }
                bytes[length++] = (byte) b;
            }
            if (length > 0 && bytes[length - 1] == '\r') {
                length--;
            }
            if (length > MAX_BYTES) {
                throw CtlException.invalid(kind + " from " + where + " is longer than " + MAX_BYTES + " bytes");
            }
            return decode(bytes, length, kind, where);
        } catch (IOException e) {
            throw CtlException.usage("cannot read the " + kind + " from " + where + ": " + reason(e));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The first line of a file, as {@link #read(InputStream, String, String)}; a file that cannot be opened is exit 2. */
    public static char[] read(Path file, String kind) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, kind, file.toString());
        } catch (IOException e) {
            throw CtlException.usage("cannot read " + kind + " file " + file + ": " + reason(e));
        }
    }

    private static char[] decode(byte[] bytes, int length, String kind, String where) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars;
        try {
            chars = decoder.decode(ByteBuffer.wrap(bytes, 0, length));
        } catch (CharacterCodingException e) {
            throw CtlException.invalid(kind + " from " + where + " is not valid UTF-8");
        }
        char[] secret = new char[chars.remaining()];
        chars.get(secret);
        if (chars.hasArray()) {
            Arrays.fill(chars.array(), '\0');
        }
        return secret;
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
