package io.ultron.query.audit;

import org.axonframework.eventhandling.DomainEventMessage;

/**
 * Rebuilds one resource kind's view from its events, for "state as of": one folder per kind
 * (e.g. {@code ClusterViewFolder}), handed to {@link ResourceAudit#asOf}.
 *
 * @param <V> the kind's view record
 */
@FunctionalInterface
public interface StateFolder<V> {

    /** The view after {@code event}; {@code state} is null before the resource's first event. */
    V fold(V state, DomainEventMessage<?> event);
}
