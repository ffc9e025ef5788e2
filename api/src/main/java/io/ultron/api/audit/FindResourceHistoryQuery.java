package io.ultron.api.audit;

/** The events of one aggregate (any resource kind), oldest first. */
public record FindResourceHistoryQuery(String resourceId) {
}
