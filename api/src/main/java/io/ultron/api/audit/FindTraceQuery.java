package io.ultron.api.audit;

/** Every event, in any aggregate, caused by the request with this trace id, in global order. */
public record FindTraceQuery(String traceId) {
}
