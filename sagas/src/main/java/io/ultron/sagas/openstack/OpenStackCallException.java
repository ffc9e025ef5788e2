package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An OpenStack call that failed for good: retries, if any were allowed, are exhausted. {@link #retryable()} tells
 * a saga whether trying again later may succeed (overload, outage, open circuit) or not (a rejected request,
 * missing credentials, an unknown cluster).
 */
public class OpenStackCallException extends RuntimeException {

    /** Why the call failed. */
    public enum Reason {
        /** OpenStack answered 5xx. */
        SERVER_ERROR(true),
        /** No answer: connection refused, connect or read timeout. */
        UNREACHABLE(true),
        /** OpenStack answered 429. */
        RATE_LIMITED(true),
        /** The cluster's circuit breaker is open; the call was not sent. */
        CIRCUIT_OPEN(true),
        /** No concurrency lease came free in time; the call was not sent. */
        CAPACITY_EXHAUSTED(true),
        /** The cluster's executor queue is full; the call was not sent. */
        OVERLOADED(true),
        /** Keystone refused the credentials, or a fresh token was refused. */
        UNAUTHORIZED(false),
        /** OpenStack answered 4xx other than 401 and 429: the request itself is wrong. */
        REJECTED(false),
        /** Neutron answered 409: the fixed address asked for is already allocated to another port. */
        ADDRESS_IN_USE(false),
        /**
         * OpenStack already holds the resource named after the Ultron id, but with other attributes than asked
         * (a port with another fixed address): something else made it, or the request changed.
         */
        CONFLICT(false),
        /** OpenStack answered 404 to deleting a resource that it still lists: try the clean-up again later. */
        INCONSISTENT(true),
        /** The cluster is unknown, or its credentials are not configured. */
        NOT_CONFIGURED(false);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final transient ClusterId cluster;
    private final String operation;
    private final Integer status;
    private final Reason reason;
    private final transient Duration retryAfter;

    public OpenStackCallException(ClusterId cluster, String operation, Reason reason, Integer status,
                                  Duration retryAfter, String message, Throwable cause) {
        super(operation + " on cluster " + cluster + " failed (" + reason + (status == null ? "" : ", HTTP " + status)
                + "): " + message, cause);
        this.cluster = cluster;
        this.operation = operation;
        this.status = status;
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public static OpenStackCallException of(ClusterId cluster, String operation, Reason reason, String message) {
        return new OpenStackCallException(cluster, operation, reason, null, null, message, null);
    }

    public ClusterId cluster() {
        return cluster;
    }

    public String operation() {
        return operation;
    }

    /** The HTTP status OpenStack answered, if it answered at all. */
    public OptionalInt status() {
        return status == null ? OptionalInt.empty() : OptionalInt.of(status);
    }

    public Reason reason() {
        return reason;
    }

    public boolean retryable() {
        return reason.retryable;
    }

    /** What a 429 asked us to wait, when it said (Retry-After). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether this failure says something about the cluster's health (and so counts for its circuit breaker). */
    boolean countsAgainstCluster() {
        return reason == Reason.SERVER_ERROR || reason == Reason.UNREACHABLE;
    }
}
