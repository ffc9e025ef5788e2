package io.ultron.app.security;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code api_keys} table, read by the hash's unique index. Requests read it through {@link KnownApiKeys}, which
 * keeps a copy of a key only as long as no revocation has been announced since ({@link ApiKeyRevisions}): a key revoked
 * on one node is refused by every node at its next request.
 */
@Component
public class ApiKeys {

    private static final String COLUMNS = "id, key_hash, principal, roles, tenants, last_four, created_at, expires_at, revoked_at";

    private final JdbcTemplate jdbc;

    public ApiKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A key found by its hash, with the stored hash (for the constant-time comparison). */
    record Found(ApiKey key, String hash) {
    }

    /** Stores a new key's hash and answers the stored key. */
    public ApiKey create(String key, String principal, List<String> roles, List<String> tenants, Instant expiresAt) {
        ApiKey stored = new ApiKey(UUID.randomUUID().toString(), principal, List.copyOf(roles), List.copyOf(tenants),
                ApiKeySecrets.lastFour(key), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MILLIS), null);
        insert(stored, ApiKeySecrets.hash(key));
        return stored;
    }

    /**
     * Makes sure a key with this hash exists (as {@code principal} with {@code roles}); true if this call stored it.
     * Safe on several nodes at once: the unique hash lets exactly one insert through. An existing key is left as it is
     * (a revoked bootstrap key stays revoked).
     */
    boolean ensure(String key, String principal, List<String> roles) {
        try {
            insert(new ApiKey(UUID.randomUUID().toString(), principal, roles, List.of(), ApiKeySecrets.lastFour(key),
                    Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null), ApiKeySecrets.hash(key));
            return true;
        } catch (DuplicateKeyException exists) {
            return false;
        }
    }

    private void insert(ApiKey key, String hash) {
        jdbc.update("INSERT INTO api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                key.id(), hash, key.principal(), String.join(",", key.roles()), String.join(",", key.tenants()),
                key.lastFour(), timestamp(key.createdAt()), timestamp(key.expiresAt()), null);
    }

    Optional<Found> findByHash(String hash) {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = ?",
                (rs, row) -> new Found(MAPPER.mapRow(rs, row), rs.getString("key_hash")), hash).stream().findFirst();
    }

    public List<ApiKey> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id", MAPPER);
    }

    /** Revokes the key (once; a second revocation keeps the first time); false if there is no such key. */
    public boolean revoke(String id) {
        int updated = jdbc.update("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
                timestamp(Instant.now()), id);
        return updated > 0;
    }

    /** Whether any admin key can still be used: without one, the embedded default makes one at start. */
    boolean anyUsableAdmin() {
        Integer usable = jdbc.queryForObject("SELECT COUNT(*) FROM api_keys WHERE FIND_IN_SET(?, roles) > 0"
                + " AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)", Integer.class,
                ApiRoleName.ADMIN.value(), timestamp(Instant.now()));
        return usable != null && usable > 0;
    }

    private static final RowMapper<ApiKey> MAPPER = (rs, row) -> new ApiKey(rs.getString("id"), rs.getString("principal"),
            split(rs.getString("roles")), split(rs.getString("tenants")), rs.getString("last_four"),
            instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "revoked_at"));

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    private static Object timestamp(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
