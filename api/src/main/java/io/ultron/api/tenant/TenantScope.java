package io.ultron.api.tenant;

import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tenants a REST caller may see and change: every tenant (admins and operators) or the ones its key or token
 * names (members and viewers). Controllers take it as a parameter; commands a restricted caller sends carry it in
 * their metadata ({@link #METADATA_KEY}), where the aggregate of an existing resource checks it. Sagas and other
 * internal senders carry none and are not subject to it.
 */
public record TenantScope(boolean everyTenant, Set<String> tenants) {

    /** Command metadata: the caller's tenants, present only for a restricted caller. */
    public static final String METADATA_KEY = "callerTenants";

    public static final TenantScope EVERY_TENANT = new TenantScope(true, Set.of());

    public TenantScope {
        tenants = Set.copyOf(tenants);
    }

    public static TenantScope of(Collection<String> tenants) {
        return new TenantScope(false, new TreeSet<>(tenants));
    }

    public boolean covers(String tenant) {
        return everyTenant || (tenant != null && tenants.contains(tenant));
    }

    /** For a query's tenant filter: null (any tenant) for every tenant, else the caller's tenants. */
    public Set<String> restriction() {
        return everyTenant ? null : tenants;
    }

    /** A tenant the request names (in its body or a filter) must be one of the caller's: else 403. */
    public void requireMember(String tenant) {
        if (!covers(tenant)) {
            throw new DomainException(ErrorKind.FORBIDDEN, "tenant-forbidden", "the caller may not act for tenant " + tenant);
        }
    }

    /** The metadata a restricted caller's commands carry; empty for every tenant. */
    public Map<String, Object> asMetaData() {
        return everyTenant ? Map.of() : Map.of(METADATA_KEY, List.copyOf(new TreeSet<>(tenants)));
    }

    /**
     * The scope a command was sent with: its {@link #METADATA_KEY} entry, or every tenant when it has none (an
     * unrestricted caller or an internal sender).
     */
    public static TenantScope fromMetaData(Map<String, ?> metaData) {
        Object tenants = metaData.get(METADATA_KEY);
        if (tenants instanceof Collection<?> names) {
            return of(names.stream().map(String::valueOf).toList());
        }
        return EVERY_TENANT;
    }
}
