package ctl.security;

import ctl.base.CtlException;
import ctl.base.Exit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id in PHC string form (SPEC §6), with OWASP's minimum parameters, so the
 * application can verify the hash with any argon2 library.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 8;
    private static final int MEMORY_KIB = 19456;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getDecoder();

    private Passwords() {}

    /** Exit 5 unless the password meets the policy. */
    public static void checkPolicy(char[] password) {
        if (password.length < MIN_LENGTH) {
            throw CtlException.invalid("password must be at least " + MIN_LENGTH + " characters");
        }
    }

    public static String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** A hash no one knows the password of: for users who must set theirs through a reset link. */
    public static String unusable() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return hash(B64.encodeToString(secret).toCharArray());
    }

    /**
     * Checks a password against a PHC argon2id string, in constant time. A stored string that
     * is not one ctl can check within its bounds is exit 5, before any hashing: see {@link #parse}.
     */
    public static boolean verify(char[] password, String phc) {
        if (phc == null) {
            return false;
        }
        Phc stored = parse(phc);
        byte[] actual;
        try {
            actual = derive(password, stored.salt(), stored.memoryKib(), stored.iterations(), stored.parallelism(),
                    stored.hash().length);
        } catch (OutOfMemoryError e) {
            // Within the bounds this is only reached on a JVM started with a tiny heap.
            throw unsupported("not enough memory to check it (m=" + stored.memoryKib() + " KiB)");
        }
        return MessageDigest.isEqual(stored.hash(), actual);
    }

    /** An argon2id PHC string, taken apart. */
    record Phc(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {}

    /*
     * What a stored hash may ask for. Memory: 256 MiB, 13 times what ctl writes and as much as
     * the usual interactive defaults (argon2-cffi 64 MiB, libsodium "moderate" 256 MiB); beyond
     * it a corrupt or hostile row could make one check cost gigabytes (m=8388608 is 8 GiB, an
     * OutOfMemoryError). Passes: 10 (those defaults use 2 to 4). Lanes: 16. Salt 8 to 64 bytes (RFC 9106 minimum 8), hash
     * 16 to 64 bytes (shorter would make a random guess too likely to match).
     */
    static final int MAX_MEMORY_KIB = 262_144;
    static final int MAX_ITERATIONS = 10;
    static final int MAX_PARALLELISM = 16;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=(\\d{1,9})\\$m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,10})\\$([^$]*)\\$([^$]*)");
    private static final Pattern B64_NO_PADDING = Pattern.compile("[A-Za-z0-9+/]*");

    /**
     * Parses {@code $argon2id$v=19$m=M,t=T,p=P$SALT$HASH} strictly: parameters in that order,
     * unpadded standard base64, and every number within the bounds above. Anything else is
     * exit 5, saying what is wrong but never the string itself.
     */
    static Phc parse(String phc) {
        if (phc.startsWith("$") && !phc.startsWith("$argon2id$")) {
            String algorithm = phc.substring(1).split("\\$", 2)[0];
            throw unsupported(algorithm.matches("[a-z0-9-]{1,32}") ? algorithm + " is not argon2id" : "not argon2id");
        }
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) {
            throw malformed("not a PHC string of the form $argon2id$v=19$m=…,t=…,p=…$salt$hash");
        }
        if (!m.group(1).equals("19")) {
            throw unsupported("argon2 version v=" + m.group(1) + ", ctl checks v=19 only");
        }
        long memory = Long.parseLong(m.group(2));
        long iterations = Long.parseLong(m.group(3));
        long parallelism = Long.parseLong(m.group(4));
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw unsupported("p=" + parallelism + " is outside 1.." + MAX_PARALLELISM);
        }
        if (memory < 8 * parallelism || memory > MAX_MEMORY_KIB) {
            throw unsupported("m=" + memory + " KiB is outside " + 8 * parallelism + ".." + MAX_MEMORY_KIB);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw unsupported("t=" + iterations + " is outside 1.." + MAX_ITERATIONS);
        }
        byte[] salt = base64(m.group(5), "salt");
        byte[] hash = base64(m.group(6), "hash");
        if (salt.length < 8 || salt.length > 64) {
            throw unsupported("a salt of " + salt.length + " bytes, outside 8..64");
        }
        if (hash.length < 16 || hash.length > 64) {
            throw unsupported("a hash of " + hash.length + " bytes, outside 16..64");
        }
        return new Phc((int) memory, (int) iterations, (int) parallelism, salt, hash);
    }

    private static byte[] base64(String text, String what) {
        if (text.isEmpty() || text.length() % 4 == 1 || !B64_NO_PADDING.matcher(text).matches()) {
            throw malformed("the " + what + " is not unpadded base64");
        }
        try {
            return B64_DECODE.decode(text);
        } catch (IllegalArgumentException e) {
            throw malformed("the " + what + " is not unpadded base64");
        }
    }

    private static CtlException malformed(String why) {
        return CtlException.invalid("stored password hash is malformed: " + why);
    }

    private static CtlException unsupported(String why) {
        return CtlException.invalid("stored password hash is unsupported: " + why);
    }

    private static byte[] derive(char[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }
}
