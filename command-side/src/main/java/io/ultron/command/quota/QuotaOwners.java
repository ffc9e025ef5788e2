package io.ultron.command.quota;

import io.ultron.api.compute.ServerId;
import io.ultron.api.network.NetworkQueries.FindResourceOwnerQuery;
import io.ultron.api.network.VpcId;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tenant a VPC or a server belongs to, read from its first event (the query side's ResourceOwners, not a view,
 * which may lag). A VPC's tenant never changes, so it is kept in memory once read (a hot path: every REST allocation).
 */
@Component
public class QuotaOwners {

    private static final int MAX_REMEMBERED = 100_000;

    private final QueryGateway queries;
    private final Map<String, String> vpcTenants = new ConcurrentHashMap<>();

    QuotaOwners(QueryGateway queries) {
        this.queries = queries;
    }

    /** Empty for a VPC that was never created. */
    public Optional<String> tenantOf(VpcId vpc) {
        String known = vpcTenants.get(vpc.value());
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> tenant = owner(vpc.value());
        tenant.ifPresent(found -> {
            if (vpcTenants.size() >= MAX_REMEMBERED) {
                vpcTenants.clear();
            }
            vpcTenants.put(vpc.value(), found);
        });
        return tenant;
    }

    /** Empty for a server that was never created. */
    public Optional<String> tenantOf(ServerId server) {
        return owner(server.value());
    }

    private Optional<String> owner(String aggregateId) {
        return queries.query(new FindResourceOwnerQuery(aggregateId), ResponseTypes.optionalInstanceOf(String.class)).join();
    }
}
