package io.ultron.sagas.compute;

import io.ultron.sagas.Failures;
import io.ultron.api.compute.RecordServerProvisioningFailedCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.sagas.OutcomeReports;
import io.ultron.sagas.openstack.OpenStackCallException;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;


/** How the server tasks report: each outcome goes back to the server as a command carrying the task's trace. */
@Component
class ServerTaskReports {

    private static final Logger log = LoggerFactory.getLogger(ServerTaskReports.class);

    private final OutcomeReports outcomes;

    ServerTaskReports(OutcomeReports outcomes) {
        this.outcomes = outcomes;
    }

    void report(Object result, MetaData trace) {
        outcomes.send(result, trace);
    }

    /** An OpenStack failure may pass on another cluster when OpenStack itself was the trouble (overload, outage). */
    void failure(ServerId serverId, int attempt, String step, Throwable failure, MetaData trace) {
        Throwable cause = unwrap(failure);
        boolean reschedulable = cause instanceof OpenStackCallException openStack && openStack.retryable();
        failure(serverId, attempt, step, String.valueOf(cause.getMessage()), reschedulable, trace);
    }

    void failure(ServerId serverId, int attempt, String step, String reason, boolean reschedulable, MetaData trace) {
        log.warn("server {} attempt {} failed in step {} ({}): {}", serverId, attempt, step,
                reschedulable ? "reschedulable" : "final", reason);
        report(new RecordServerProvisioningFailedCommand(serverId, attempt, step, reason, reschedulable), trace);
    }

    static Throwable unwrap(Throwable failure) {
        return Failures.cause(failure);
    }
}
