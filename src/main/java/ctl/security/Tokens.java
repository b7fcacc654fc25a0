package ctl.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Access, refresh and reset tokens (SPEC §6): 256 random bits, URL-safe, stored as SHA-256. */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {}

    /**
     * A new token that never starts with '-': one that did would read as an option in
     * `ctl token delete "$TOKEN"` or `ctl user revoke_invite TOKEN` (1 in 64 of them).
     * Redrawing those costs 0.02 of 256 bits.
     */
    public static String generate() {
        byte[] bytes = new byte[32];
        String token;
        do {
            RANDOM.nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (token.startsWith("-"));
        return token;
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
