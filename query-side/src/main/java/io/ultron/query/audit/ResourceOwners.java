package io.ultron.query.audit;

import io.ultron.api.compute.BatchRequestedEvent;
import io.ultron.api.compute.ServerAdoptedEvent;
import io.ultron.api.compute.ServerRequestedEvent;
import io.ultron.api.network.NetworkQueries.FindResourceOwnerQuery;
import io.ultron.api.network.NetworkQueries.FindVpcOwnerQuery;
import io.ultron.api.network.VpcCreatedEvent;
import io.ultron.api.network.VpcDeletedEvent;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * The tenant that owns a resource, read from the resource's own first event in the event store (not from a view, so
 * it is known the moment the resource is): a VPC's (with its subnets and addresses), a batch's and a server's
 * (requested or adopted).
 * Clusters belong to the fleet: no tenant.
 */
@Component
public class ResourceOwners {

    private final EventRecords events;

    ResourceOwners(EventRecords events) {
        this.events = events;
    }

    @QueryHandler
    Optional<String> vpcOwner(FindVpcOwnerQuery query) {
        String vpc = query.vpcId().value();
        return events.containsEvent(vpc, VpcDeletedEvent.class) ? Optional.empty() : tenantOf(vpc);
    }

    @QueryHandler
    Optional<String> owner(FindResourceOwnerQuery query) {
        return tenantOf(query.aggregateId());
    }

    /** Empty when the aggregate does not exist or belongs to no tenant. */
    public Optional<String> tenantOf(String aggregateId) {
        try (Stream<TrackedEventMessage<?>> first = events.firstOf(aggregateId)) {
            return first.findFirst().map(event -> tenantIn(event.getPayload()));
        }
    }

    private static String tenantIn(Object creation) {
        if (creation instanceof VpcCreatedEvent vpc) {
            return vpc.tenant();
        }
        if (creation instanceof ServerRequestedEvent server) {
            return server.spec().tenant();
        }
        if (creation instanceof ServerAdoptedEvent server) {
            return server.spec().tenant();
        }
        if (creation instanceof BatchRequestedEvent batch) {
            return batch.tenant();
        }
        return null;
    }
}
