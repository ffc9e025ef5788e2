package io.ultron.app.security;

import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * API keys of services, managed by admins: the key itself is answered once, by the create call, and never again;
 * lists show its last four characters.
 */
@RestController
@RequestMapping("/api/v1/admin/api-keys")
class ApiKeyController {

    private static final String NAME = "[A-Za-z0-9._@:/-]{1,128}";
    private static final String TENANT = "[a-z0-9][a-z0-9._-]{0,63}";

    private final ApiKeys keys;
    private final ApiKeyRevisions revisions;

    ApiKeyController(ApiKeys keys, ApiKeyRevisions revisions) {
        this.keys = keys;
        this.revisions = revisions;
    }

    record CreateApiKeyRequest(
            @NotBlank @Pattern(regexp = NAME, message = "must be 1-128 letters, digits or . _ @ : / -") String principal,
            @NotNull @Size(min = 1, max = 4) List<@NotNull String> roles,
            @Size(max = 50) List<@NotNull @Pattern(regexp = TENANT, message = "must be 1-64 lowercase letters, digits or . _ -") String> tenants,
            Instant expiresAt) {
    }

    /** The one answer that holds the key. */
    record CreatedApiKey(String id, String key, String principal, List<String> roles, List<String> tenants,
                         Instant createdAt, Instant expiresAt) {
    }

    @PostMapping
    ResponseEntity<CreatedApiKey> create(@Valid @RequestBody CreateApiKeyRequest request) {
        List<String> roles = List.copyOf(new LinkedHashSet<>(request.roles()));
        for (String role : roles) {
            if (ApiRoleName.parse(role).isEmpty()) {
                throw new DomainException(ErrorKind.BAD_INPUT, "invalid-role", "unknown role '" + role
                        + "' (known: admin, operator, member, viewer)");
            }
        }
        List<String> tenants = request.tenants() == null ? List.of() : List.copyOf(new LinkedHashSet<>(request.tenants()));
        if (request.expiresAt() != null && !request.expiresAt().isAfter(Instant.now())) {
            throw new DomainException(ErrorKind.BAD_INPUT, "invalid-expiry", "expiresAt must be in the future");
        }
        String key = ApiKeySecrets.newKey();
        ApiKey stored = keys.create(key, request.principal(), roles, tenants, request.expiresAt());
        var location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(stored.id()).toUri();
        return ResponseEntity.created(location).body(new CreatedApiKey(stored.id(), key, stored.principal(), stored.roles(),
                stored.tenants(), stored.createdAt(), stored.expiresAt()));
    }

    @GetMapping
    List<ApiKey> list() {
        return keys.list();
    }

    /**
     * Revokes the key in the database, then announces it through the revocation revision and waits until every node
     * has taken it (about one poll interval; at most two seconds for a node that stopped without leaving), so that
     * every node refuses the key before this answers. Redis away: 503 (the key is revoked in the database; repeat the
     * call, which announces it again).
     */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable String id) {
        if (!keys.revoke(id)) {
            throw new DomainException(ErrorKind.NOT_FOUND, "api-key-not-found", "no API key " + id);
        }
        revisions.bump();
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }
}
