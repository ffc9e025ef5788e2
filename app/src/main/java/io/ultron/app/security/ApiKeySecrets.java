package io.ultron.app.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * New keys and their hashes. A key is 32 random bytes (256 bits), so a plain SHA-256 of it is as good as a slow
 * password hash: there is nothing to guess from a dictionary.
 */
public final class ApiKeySecrets {

    static final String PREFIX = "ultron_";
    /** What a presented key may look like; anything else is refused without a database look-up. */
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._~+/=-]{16,256}");
    /**
     * A JWT (JWS compact form): three base64url parts separated by dots. Generated keys never have this shape (no
     * dots) and a configured bootstrap key may not have it, so a bearer value of this shape is never an API key.
     */
    private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean acceptable(String key) {
        return key != null && ACCEPTABLE.matcher(key).matches();
    }

    static boolean looksLikeJwt(String value) {
        return value != null && JWT.matcher(value).matches();
    }

    /** Lower-case hex SHA-256 of the key: what {@code api_keys.key_hash} holds. */
    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** Constant-time comparison of two hashes. */
    static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    static String lastFour(String key) {
        return key.substring(key.length() - 4);
    }
}
