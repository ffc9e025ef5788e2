package io.ultron.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultron.api.cluster.ClusterDrainedEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/**
 * {@code ClusterDrainedEvent} stored before revision 2 (no revision) has no {@code evacuate}: draining
 * then never moved workloads, so it becomes {@code false}. Every reader of the event store (aggregates,
 * processors, history, rebuilds) goes through the upcaster chain.
 */
@Component
class ClusterDrainedEventUpcaster extends SingleEventUpcaster {

    private static final String TYPE = ClusterDrainedEvent.class.getName();

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return TYPE.equals(representation.getType().getName()) && representation.getType().getRevision() == null;
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(TYPE, "2"), JsonNode.class, payload -> {
            ((ObjectNode) payload).put("evacuate", false);
            return payload;
        });
    }
}
