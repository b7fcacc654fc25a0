package ctl.security;

import ctl.base.CtlException;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §6: argon2id in PHC form; a stored hash is parsed strictly and within bounds before any
 * work, so bad stored data is exit 5 ("never 70 for bad stored data", SPEC §2), never an
 * OutOfMemoryError.
 */
class PasswordsTest {
    private static final char[] PASSWORD = "correct horse battery".toCharArray();
    private static final String SALT = "ocSoYJjJJb+AMP28rSebcw";
    private static final String HASH = "PYFzm79lZD3TfcsrneAb7UVRVQFRDJfxmZOGsZmjXEw";

    @Test
    void whatHashWritesIsOwaspsMinimumAndVerifies() {
        String phc = Passwords.hash(PASSWORD);
        assertTrue(phc.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), phc);
        assertTrue(Passwords.verify(PASSWORD, phc));
        assertFalse(Passwords.verify("correct horse batterY".toCharArray(), phc));
        assertFalse(Passwords.verify(PASSWORD, null));
    }

    @Test
    void aHashWithOtherParametersWithinTheBoundsVerifies() {
        // argon2-cffi's defaults (t=3, m=64 MiB, p=4), as another application would write them
        byte[] salt = "somesaltsomesalt".getBytes(StandardCharsets.US_ASCII);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(65536).withIterations(3).withParallelism(4).withSalt(salt).build());
        byte[] hash = new byte[32];
        generator.generateBytes(PASSWORD, hash);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        String phc = "$argon2id$v=19$m=65536,t=3,p=4$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        assertTrue(Passwords.verify(PASSWORD, phc));
        assertFalse(Passwords.verify("wrong horse battery".toCharArray(), phc));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // bad base64, which used to be an IllegalArgumentException: exit 70
            "salt not base64      | $argon2id$v=19$m=19456,t=2,p=1$oc!oYJjJJb+AMP28rSebcw$" + HASH + " | malformed: the salt is not unpadded base64",
            "hash not base64      | $argon2id$v=19$m=19456,t=2,p=1$" + SALT + "$PYFz m79lZD3TfcsrneAb7UVRVQFRDJfxmZOGsZmjXEw | malformed: the hash is not unpadded base64",
            "url-safe alphabet    | $argon2id$v=19$m=19456,t=2,p=1$ocSoYJjJJb-AMP28rSebcw$" + HASH + " | malformed: the salt is not unpadded base64",
            "padded               | $argon2id$v=19$m=19456,t=2,p=1$ocSoYJjJJb+AMP28rSebcw==$" + HASH + " | malformed: the salt is not unpadded base64",
            "impossible length    | $argon2id$v=19$m=19456,t=2,p=1$" + SALT + "$PYFzm | malformed: the hash is not unpadded base64",
            "empty salt           | $argon2id$v=19$m=19456,t=2,p=1$$" + HASH + " | malformed: the salt is not unpadded base64",
            // numbers that used to be a NumberFormatException: exit 70
            "m not a number       | $argon2id$v=19$m=lots,t=2,p=1$" + SALT + "$" + HASH + " | malformed: not a PHC string",
            "m beyond an int      | $argon2id$v=19$m=9999999999,t=2,p=1$" + SALT + "$" + HASH + " | unsupported: m=9999999999 KiB is outside 8..262144",
            "parameters reordered | $argon2id$v=19$t=2,m=19456,p=1$" + SALT + "$" + HASH + " | malformed: not a PHC string",
            "a missing parameter  | $argon2id$v=19$m=19456,t=2$" + SALT + "$" + HASH + " | malformed: not a PHC string",
            "an extra parameter   | $argon2id$v=19$m=19456,t=2,p=1,keyid=x$" + SALT + "$" + HASH + " | malformed: not a PHC string",
            "too few fields       | $argon2id$v=19$m=19456,t=2,p=1$" + SALT + " | malformed: not a PHC string",
            "too many fields      | $argon2id$v=19$m=19456,t=2,p=1$" + SALT + "$" + HASH + "$x | malformed: not a PHC string",
            "plain text           | hunter2 | malformed: not a PHC string",
            "no version           | $argon2id$m=19456,t=2,p=1$" + SALT + "$" + HASH + " | malformed: not a PHC string",
            // parameters beyond what ctl will spend on one check
            "8 GiB of memory      | $argon2id$v=19$m=8388608,t=2,p=1$" + SALT + "$" + HASH + " | unsupported: m=8388608 KiB is outside 8..262144",
            "1 GiB of memory      | $argon2id$v=19$m=1048576,t=1,p=1$" + SALT + "$" + HASH + " | unsupported: m=1048576 KiB is outside 8..262144",
            "less than 8p KiB     | $argon2id$v=19$m=15,t=2,p=2$" + SALT + "$" + HASH + " | unsupported: m=15 KiB is outside 16..262144",
            "11 passes            | $argon2id$v=19$m=19456,t=11,p=1$" + SALT + "$" + HASH + " | unsupported: t=11 is outside 1..10",
            "no passes            | $argon2id$v=19$m=19456,t=0,p=1$" + SALT + "$" + HASH + " | unsupported: t=0 is outside 1..10",
            "17 lanes             | $argon2id$v=19$m=19456,t=2,p=17$" + SALT + "$" + HASH + " | unsupported: p=17 is outside 1..16",
            "no lanes             | $argon2id$v=19$m=19456,t=2,p=0$" + SALT + "$" + HASH + " | unsupported: p=0 is outside 1..16",
            "a 3-byte salt        | $argon2id$v=19$m=19456,t=2,p=1$AAAA$" + HASH + " | unsupported: a salt of 3 bytes, outside 8..64",
            "a 3-byte hash        | $argon2id$v=19$m=19456,t=2,p=1$" + SALT + "$AAAA | unsupported: a hash of 3 bytes, outside 16..64",
            "argon2 1.0           | $argon2id$v=16$m=19456,t=2,p=1$" + SALT + "$" + HASH + " | unsupported: argon2 version v=16, ctl checks v=19 only",
            "argon2i              | $argon2i$v=19$m=19456,t=2,p=1$" + SALT + "$" + HASH + " | unsupported: argon2i is not argon2id",
            "bcrypt               | $2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW | unsupported: 2b is not argon2id",
    })
    // the timeout guards against a hang (8 GiB or a thousand passes computed); it measures nothing
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aStoredHashCtlCannotCheckIsExit5BeforeAnyWork(String what, String phc, String why) {
        CtlException e = assertThrows(CtlException.class, () -> Passwords.verify(PASSWORD, phc));
        assertEquals(5, e.exitCode(), what);
        assertTrue(e.getMessage().startsWith("stored password hash is " + why), e.getMessage());
    }

    @Test
    void theMessageNeverRepeatsTheStoredString() {
        String phc = "$argon2id$v=19$m=19456,t=2,p=1$" + SALT + "$" + HASH.replace('P', '!');
        CtlException e = assertThrows(CtlException.class, () -> Passwords.verify(PASSWORD, phc));
        assertFalse(e.getMessage().contains(SALT), e.getMessage());
        assertFalse(e.getMessage().contains("PYF"), e.getMessage());
    }

    @Test
    void theBoundsThemselvesAreAccepted() {
        var parsed = Passwords.parse("$argon2id$v=19$m=262144,t=10,p=16$" + SALT + "$" + HASH);
        assertEquals(Passwords.MAX_MEMORY_KIB, parsed.memoryKib());
        assertEquals(Passwords.MAX_ITERATIONS, parsed.iterations());
        assertEquals(Passwords.MAX_PARALLELISM, parsed.parallelism());
    }
}
