package io.ultron.sagas.compute;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * The timings of server provisioning ({@code ultron.compute.*}). A bean, so sagas (which Axon builds, not Spring)
 * get it as a handler parameter, as they get the command gateway and the deadline manager.
 */
@Component
public class ComputeSettings {

    private final Duration buildFirstCheck;
    private final Duration buildPollInterval;
    private final Duration buildTimeout;
    private final Duration stepTimeout;
    private final Duration addressPendingTimeout;
    private final Duration buildWatchInterval;
    private final Duration stepCheckInterval;

    /**
     * @param buildFirstCheck       when Nova is first asked whether a booting server is ACTIVE (from then on the
     *                              node's build watcher lists the cluster's changed servers every
     *                              {@code buildWatchInterval})
     * @param buildPollInterval     how often the saga asks again itself, should the watching node have died
     * @param buildTimeout          a build that takes longer fails (and may be rescheduled on another cluster)
     * @param stepTimeout           a step without news for this long is sent again (its conductor may have died)
     * @param addressPendingTimeout how long a server waits for its cluster's addresses to reach Neutron; must be
     *                              shorter than {@code stepTimeout}
     * @param buildWatchInterval    how often the build watcher lists a cluster's changed servers
     */
    public ComputeSettings(@Value("${ultron.compute.build-first-check:1s}") Duration buildFirstCheck,
                           @Value("${ultron.compute.build-poll-interval:15s}") Duration buildPollInterval,
                           @Value("${ultron.compute.build-timeout:10m}") Duration buildTimeout,
                           @Value("${ultron.compute.step-timeout:2m}") Duration stepTimeout,
                           @Value("${ultron.compute.address-pending-timeout:60s}") Duration addressPendingTimeout,
                           @Value("${ultron.compute.build-watch-interval:500ms}") Duration buildWatchInterval) {
        this(buildFirstCheck, buildPollInterval, buildTimeout, stepTimeout, addressPendingTimeout, buildWatchInterval,
                Duration.ofSeconds(5));
    }

    /**
     * @param stepCheckInterval how often a step's watchdog looks whether the node running the step still lives (a
     *                          step whose node died is sent again then, not after {@code stepTimeout})
     */
    @Autowired
    public ComputeSettings(@Value("${ultron.compute.build-first-check:1s}") Duration buildFirstCheck,
                           @Value("${ultron.compute.build-poll-interval:15s}") Duration buildPollInterval,
                           @Value("${ultron.compute.build-timeout:10m}") Duration buildTimeout,
                           @Value("${ultron.compute.step-timeout:2m}") Duration stepTimeout,
                           @Value("${ultron.compute.address-pending-timeout:60s}") Duration addressPendingTimeout,
                           @Value("${ultron.compute.build-watch-interval:500ms}") Duration buildWatchInterval,
                           @Value("${ultron.compute.step-check-interval:5s}") Duration stepCheckInterval) {
        this.stepCheckInterval = stepCheckInterval;
        this.buildWatchInterval = buildWatchInterval;
        this.buildFirstCheck = buildFirstCheck;
        this.buildPollInterval = buildPollInterval;
        this.buildTimeout = buildTimeout;
        this.stepTimeout = stepTimeout;
        this.addressPendingTimeout = addressPendingTimeout;
    }

    /** The defaults of application.yml. */
    public static ComputeSettings defaults() {
        return new ComputeSettings(Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofMinutes(10),
                Duration.ofMinutes(2), Duration.ofSeconds(60), Duration.ofSeconds(1));
    }

    public Duration buildFirstCheck() {
        return buildFirstCheck;
    }

    public Duration buildPollInterval() {
        return buildPollInterval;
    }

    public Duration buildTimeout() {
        return buildTimeout;
    }

    public Duration stepTimeout() {
        return stepTimeout;
    }

    public Duration addressPendingTimeout() {
        return addressPendingTimeout;
    }

    public Duration buildWatchInterval() {
        return buildWatchInterval;
    }

    public Duration stepCheckInterval() {
        return stepCheckInterval;
    }
}
