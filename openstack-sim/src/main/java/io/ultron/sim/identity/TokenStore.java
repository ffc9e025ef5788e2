package io.ultron.sim.identity;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** The tokens one cluster's Keystone issued, with their expiry. */
public final class TokenStore {

    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

    public String issue(Instant expiresAt, Instant now) {
        if (expiries.size() > 10_000) {
            expiries.values().removeIf(expiry -> !expiry.isAfter(now));
        }
        // Token values are secrets, not part of the repeatable scenario, so they need no seed.
        byte[] bytes = new byte[24];
        ThreadLocalRandom.current().nextBytes(bytes);
        String token = "gAAAAA" + HexFormat.of().formatHex(bytes);
        expiries.put(token, expiresAt);
        return token;
    }

    public boolean isValid(String token, Instant now) {
        if (token == null) {
            return false;
        }
        Instant expiry = expiries.get(token);
        return expiry != null && expiry.isAfter(now);
    }

    public Instant expiry(String token) {
        return expiries.get(token);
    }

    public void revoke(String token) {
        expiries.remove(token);
    }

    /** Makes every issued token unknown, as after a Keystone key rotation. */
    public void revokeAll() {
        expiries.clear();
    }
}
