package io.ultron.command.compute;

import io.ultron.api.compute.ServerActiveEvent;
import io.ultron.api.compute.ServerCompensatedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Ends the placement reservation of each server: a running server's reservation lasts until Nova's statistics
 * include it; a failed attempt's is given back once its resources are gone from the cluster.
 */
@Component
@ProcessingGroup("compute-reservations")
class ReservationKeeper {

    private final ServerPlacement placement;

    ReservationKeeper(ServerPlacement placement) {
        this.placement = placement;
    }

    @EventHandler
    void on(ServerActiveEvent event, @Timestamp Instant at) {
        placement.settle(event.clusterId(), event.serverId(), at);
    }

    @EventHandler
    void on(ServerCompensatedEvent event) {
        placement.release(event.clusterId(), event.serverId());
    }
}
