package io.ultron.command.quota;

import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerRequestedEvent;
import io.ultron.api.network.VpcCreatedEvent;
import io.ultron.api.network.VpcId;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tenant a VPC or a server belongs to, from the first event of its stream in the event store (not a view, which
 * may lag). A VPC's tenant never changes, so it is kept in memory once read (a hot path: every REST allocation).
 */
@Component
public class QuotaOwners {

    private static final int MAX_REMEMBERED = 100_000;

    private final EventStore eventStore;
    private final Map<String, String> vpcTenants = new ConcurrentHashMap<>();

    QuotaOwners(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** Empty for a VPC that was never created. */
    public Optional<String> tenantOf(VpcId vpc) {
        String known = vpcTenants.get(vpc.value());
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> tenant = firstEvent(vpc.value())
                .filter(VpcCreatedEvent.class::isInstance).map(created -> ((VpcCreatedEvent) created).tenant());
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
        return firstEvent(server.value())
                .filter(ServerRequestedEvent.class::isInstance).map(requested -> ((ServerRequestedEvent) requested).spec().tenant());
    }

    private Optional<Object> firstEvent(String aggregateId) {
        DomainEventStream events = eventStore.readEvents(aggregateId, 0);
        if (!events.hasNext()) {
            return Optional.empty();
        }
        DomainEventMessage<?> first = events.next();
        return Optional.ofNullable(first.getPayload());
    }
}
