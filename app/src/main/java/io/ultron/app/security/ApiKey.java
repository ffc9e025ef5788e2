package io.ultron.app.security;

import java.time.Instant;
import java.util.List;

/** A stored API key as an admin sees it: never the key itself, only its last four characters. */
public record ApiKey(String id, String principal, List<String> roles, List<String> tenants, String lastFour,
                     Instant createdAt, Instant expiresAt, Instant revokedAt) {

    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
