package io.ultron.sagas.compute;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.BatchId;
import io.ultron.api.compute.BootNovaServerCommand;
import io.ultron.api.compute.CheckServerBuildCommand;
import io.ultron.api.compute.CleanUpServerCommand;
import io.ultron.api.compute.FailServerCommand;
import io.ultron.api.compute.PrepareServerNetworkCommand;
import io.ultron.api.compute.RecordServerProvisioningFailedCommand;
import io.ultron.api.compute.RescheduleServerCommand;
import io.ultron.api.compute.ServerActiveEvent;
import io.ultron.api.compute.ServerBuildingEvent;
import io.ultron.api.compute.ServerCleanUpFailedEvent;
import io.ultron.api.compute.ServerCompensatedEvent;
import io.ultron.api.compute.ServerFailedEvent;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerNetworkReadyEvent;
import io.ultron.api.compute.ServerProvisioningFailedEvent;
import io.ultron.api.compute.ServerRequestedEvent;
import io.ultron.api.compute.ServerScheduledEvent;
import io.ultron.api.compute.ServerSpec;
import io.ultron.api.network.SubnetId;
import io.ultron.sagas.Backoff;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;

/**
 * Provisions one server: address and port, Nova boot, build polled until ACTIVE. A failed attempt is compensated
 * (server, port and address removed) and then rescheduled once on another cluster when another cluster may do
 * better, else the server fails. The saga never waits on OpenStack: each step is a task command
 * ({@link ServerNetworkTasks}, {@link ServerBuildTasks}, {@link ServerCleanUpTasks}) whose outcome comes back as an event of the server.
 * <p>
 * Every step sent is watched by a persistent deadline: a step without news within {@code step-timeout} is sent
 * again (its outcome may have been lost; steps are idempotent), at once when the node running it has died (looked at
 * every {@code step-check-interval}, see {@link StepLeases}), and a network or boot step that stays
 * silent {@value #MAX_RESENDS} more times fails the attempt. Deadlines are cancelled by the ids kept here, and each
 * carries the attempt or step it belongs to, so a late one is recognised (and a deadline handler's first parameter
 * is always the payload).
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class ServerProvisioningSaga {

    static final String SERVER_KEY = "serverId";
    static final String WATCHDOG = "server-step-watchdog";
    static final String CHECK_BUILD = "check-server-build";
    static final String BUILD_TIMEOUT = "server-build-timeout";
    static final String RETRY_CLEAN_UP = "retry-server-clean-up";
    static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    static final Duration MAX_RETRY = Duration.ofMinutes(5);
    static final int MAX_RESENDS = 2;
    /** The steps a task runs on one node (see {@link StepLeases}); the others are commands to the server itself. */
    static final Set<Step> RUN_BY_TASKS = EnumSet.of(Step.NETWORK, Step.BOOT, Step.CLEAN_UP);

    private static final Logger log = LoggerFactory.getLogger(ServerProvisioningSaga.class);

    /** What the saga waits for. */
    enum Step {
        NETWORK, BOOT, BUILD, RECORD_FAILURE, CLEAN_UP, RESCHEDULE, FAIL
    }

    private ServerId serverId;
    private BatchId batchId;
    private ServerSpec spec;
    private String novaFlavorId;

    // the attempt under way
    private int attempt;
    private ClusterId clusterId;
    private SubnetId subnetId;
    private String address;
    private String portId;
    private Step step;
    private int resends;
    /** Looks of the watchdog left before the step is overdue. */
    private int checksLeft;

    // why it failed
    private String failedStep;
    private String failureReason;
    private boolean reschedulable;
    private int cleanUpFailures;

    // ids of the deadlines scheduled (cancelling by name would scan every deadline of the deadline manager)
    private String watchdogId;
    private String checkId;
    private String buildTimeoutId;
    private String retryId;

    @StartSaga
    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerRequestedEvent event) {
        serverId = event.serverId();
        batchId = event.batchId();
        spec = event.spec();
        novaFlavorId = event.novaFlavorId();
    }

    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerScheduledEvent event, CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        if (event.attempt() <= attempt) {
            return;
        }
        cancelDeadlines(deadlines);
        attempt = event.attempt();
        clusterId = event.clusterId();
        subnetId = event.subnetId();
        address = null;
        portId = null;
        failedStep = null;
        failureReason = null;
        reschedulable = false;
        cleanUpFailures = 0;
        begin(Step.NETWORK, commands, deadlines, settings);
    }

    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerNetworkReadyEvent event, CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        if (!waitingFor(Step.NETWORK, event.attempt())) {
            return;
        }
        subnetId = event.subnetId();
        address = event.address();
        portId = event.portId();
        begin(Step.BOOT, commands, deadlines, settings);
    }

    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerBuildingEvent event, DeadlineManager deadlines, ComputeSettings settings) {
        if (!waitingFor(Step.BOOT, event.attempt())) {
            return;
        }
        watchdogId = cancel(deadlines, WATCHDOG, watchdogId);
        step = Step.BUILD;
        resends = 0;
        checkId = deadlines.schedule(settings.buildFirstCheck(), CHECK_BUILD, attempt);
        buildTimeoutId = deadlines.schedule(settings.buildTimeout(), BUILD_TIMEOUT, attempt);
    }

    @DeadlineHandler(deadlineName = CHECK_BUILD)
    void checkBuild(Integer forAttempt, CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        checkId = null;
        if (waitingFor(Step.BUILD, forAttempt)) {
            dispatch(commands, new CheckServerBuildCommand(serverId, attempt, clusterId));
            checkId = deadlines.schedule(settings.buildPollInterval(), CHECK_BUILD, attempt);
        }
    }

    @DeadlineHandler(deadlineName = BUILD_TIMEOUT)
    void buildTimedOut(Integer forAttempt, CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        buildTimeoutId = null;
        if (waitingFor(Step.BUILD, forAttempt)) {
            checkId = cancel(deadlines, CHECK_BUILD, checkId);
            recordFailure(ServerSteps.BUILD, "Nova did not finish building the server within "
                    + settings.buildTimeout(), true, commands, deadlines, settings);
        }
    }

    @DeadlineHandler(deadlineName = WATCHDOG)
    void stepTimedOut(Step watched, CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings,
                      StepLeases leases) {
        watchdogId = null;
        if (watched != step) {
            return;
        }
        if (--checksLeft > 0) {
            if (!RUN_BY_TASKS.contains(step) || leases.holder(serverId, attempt, step.name()) == StepLeases.Holder.ALIVE) {
                watchdogId = deadlines.schedule(settings.stepTimeout().dividedBy(checksPerStep(settings)), WATCHDOG, step);
                return;
            }
            log.warn("server {} (batch {}): the node running step {} of attempt {} is gone; sending it again", serverId,
                    batchId, step, attempt);
            int left = checksLeft;
            send(commands, deadlines, settings);
            checksLeft = left;
            return;
        }
        if ((step == Step.NETWORK || step == Step.BOOT) && resends >= MAX_RESENDS) {
            String name = step.name().toLowerCase(Locale.ROOT);
            recordFailure(name, "no answer from the " + name + " step after "
                    + (resends + 1) + " tries of " + settings.stepTimeout(), true, commands, deadlines, settings);
            return;
        }
        resends++;
        log.warn("server {} (batch {}): no news of step {} of attempt {} within {}; sending it again", serverId, batchId,
                step, attempt, settings.stepTimeout());
        send(commands, deadlines, settings);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerActiveEvent event, DeadlineManager deadlines) {
        cancelDeadlines(deadlines);
    }

    // ---- failure and compensation

    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerProvisioningFailedEvent event, CommandGateway commands, DeadlineManager deadlines,
            ComputeSettings settings) {
        if (event.attempt() != attempt || compensating()) {
            return;
        }
        cancelDeadlines(deadlines);
        failedStep = event.step();
        failureReason = event.reason();
        reschedulable = event.reschedulable();
        begin(Step.CLEAN_UP, commands, deadlines, settings);
    }

    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerCleanUpFailedEvent event, DeadlineManager deadlines) {
        if (!waitingFor(Step.CLEAN_UP, event.attempt())) {
            return;
        }
        watchdogId = cancel(deadlines, WATCHDOG, watchdogId);
        retryId = cancel(deadlines, RETRY_CLEAN_UP, retryId);
        cleanUpFailures++;
        retryId = deadlines.schedule(backoff(cleanUpFailures), RETRY_CLEAN_UP, attempt);
    }

    @DeadlineHandler(deadlineName = RETRY_CLEAN_UP)
    void retryCleanUp(Integer forAttempt, CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        retryId = null;
        if (waitingFor(Step.CLEAN_UP, forAttempt)) {
            begin(Step.CLEAN_UP, commands, deadlines, settings);
        }
    }

    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerCompensatedEvent event, CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        if (!waitingFor(Step.CLEAN_UP, event.attempt())) {
            return;
        }
        cancelDeadlines(deadlines);
        begin(reschedulable && attempt == 1 ? Step.RESCHEDULE : Step.FAIL, commands, deadlines, settings);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = SERVER_KEY)
    void on(ServerFailedEvent event, DeadlineManager deadlines) {
        cancelDeadlines(deadlines);
    }

    // ---- steps

    private void recordFailure(String failedStep, String reason, boolean reschedulable, CommandGateway commands,
                               DeadlineManager deadlines, ComputeSettings settings) {
        this.failedStep = failedStep;
        this.failureReason = reason;
        this.reschedulable = reschedulable;
        begin(Step.RECORD_FAILURE, commands, deadlines, settings);
    }

    private void begin(Step next, CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        step = next;
        resends = 0;
        send(commands, deadlines, settings);
    }

    /** Sends the current step's command and watches it. */
    private void send(CommandGateway commands, DeadlineManager deadlines, ComputeSettings settings) {
        watchdogId = cancel(deadlines, WATCHDOG, watchdogId);
        checksLeft = checksPerStep(settings);
        dispatch(commands, command());
        watchdogId = deadlines.schedule(settings.stepTimeout().dividedBy(checksLeft), WATCHDOG, step);
    }

    /** The watchdog looks every {@code step-check-interval}; the step is overdue at the last look. */
    static int checksPerStep(ComputeSettings settings) {
        return (int) Math.max(1, settings.stepTimeout().dividedBy(settings.stepCheckInterval()));
    }

    private Object command() {
        return switch (step) {
            case NETWORK -> new PrepareServerNetworkCommand(serverId, attempt, spec.vpcId(), subnetId, clusterId);
            case BOOT -> new BootNovaServerCommand(serverId, attempt, clusterId, spec, novaFlavorId, portId);
            case RECORD_FAILURE -> new RecordServerProvisioningFailedCommand(serverId, attempt, failedStep,
                    failureReason, reschedulable);
            // Without an address the subnet is named only when the network step may have taken one unreported.
            case CLEAN_UP -> new CleanUpServerCommand(serverId, attempt, clusterId, spec.vpcId(),
                    address != null || !ServerSteps.ADDRESS.equals(failedStep) ? subnetId : null, address, false);
            case RESCHEDULE -> new RescheduleServerCommand(serverId, List.of(clusterId), failureReason);
            case FAIL -> new FailServerCommand(serverId, failureReason);
            case BUILD -> throw new IllegalStateException("the build is polled by " + CHECK_BUILD + ", not sent");
        };
    }

    private boolean compensating() {
        return step == Step.CLEAN_UP || step == Step.RESCHEDULE || step == Step.FAIL;
    }

    private boolean waitingFor(Step expected, int reportedAttempt) {
        return step == expected && reportedAttempt == attempt;
    }

    private void cancelDeadlines(DeadlineManager deadlines) {
        watchdogId = cancel(deadlines, WATCHDOG, watchdogId);
        checkId = cancel(deadlines, CHECK_BUILD, checkId);
        buildTimeoutId = cancel(deadlines, BUILD_TIMEOUT, buildTimeoutId);
        retryId = cancel(deadlines, RETRY_CLEAN_UP, retryId);
    }

    /** A failed send is logged; the deadline that watches the step sends it again. */
    static void dispatch(CommandGateway commands, Object command) {
        commands.send(command).whenComplete((result, failure) -> {
            if (failure != null) {
                log.warn("sending {} failed: {}", command, failure.toString());
            }
        });
    }

    /** @return null, for the field that held the id */
    static String cancel(DeadlineManager deadlines, String name, String id) {
        if (id != null) {
            deadlines.cancelSchedule(name, id);
        }
        return null;
    }

    static Duration backoff(int failures) {
        return Backoff.exponential(failures, FIRST_RETRY, MAX_RETRY);
    }
}
