package io.ultron.sim.admin;

/**
 * One API call as the simulator saw it.
 *
 * @param requestId       the id the simulator answered with in X-OpenStack-Request-ID
 * @param globalRequestId the caller's X-OpenStack-Request-ID when it was a valid "req-<uuid>", else null
 * @param outcome         "ok", or the injected fault ("injected-500", "held", "rate-limited", "unauthorized")
 */
public record RequestRecord(String time, String cluster, String service, String method, String path, int status,
                            String requestId, String globalRequestId, String outcome) {
}
