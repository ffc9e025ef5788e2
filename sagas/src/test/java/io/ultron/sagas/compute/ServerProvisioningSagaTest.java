package io.ultron.sagas.compute;

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
import io.ultron.api.compute.ServerNetworkReadyEvent;
import io.ultron.api.compute.ServerProvisioningFailedEvent;
import io.ultron.api.compute.ServerRequestedEvent;
import io.ultron.api.compute.ServerScheduledEvent;
import io.ultron.sagas.compute.ServerProvisioningSaga.Step;
import org.axonframework.test.saga.SagaTestFixture;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.ultron.sagas.compute.ServerMother.ADDRESS;
import static io.ultron.sagas.compute.ServerMother.BATCH;
import static io.ultron.sagas.compute.ServerMother.CLUSTER_A;
import static io.ultron.sagas.compute.ServerMother.CLUSTER_B;
import static io.ultron.sagas.compute.ServerMother.NOVA_FLAVOR;
import static io.ultron.sagas.compute.ServerMother.NOVA_SERVER;
import static io.ultron.sagas.compute.ServerMother.OTHER_SUBNET;
import static io.ultron.sagas.compute.ServerMother.PORT;
import static io.ultron.sagas.compute.ServerMother.SERVER;
import static io.ultron.sagas.compute.ServerMother.SPEC;
import static io.ultron.sagas.compute.ServerMother.SUBNET;
import static io.ultron.sagas.compute.ServerMother.VPC;
import static io.ultron.sagas.compute.ServerProvisioningSaga.BUILD_TIMEOUT;
import static io.ultron.sagas.compute.ServerProvisioningSaga.CHECK_BUILD;
import static io.ultron.sagas.compute.ServerProvisioningSaga.RETRY_CLEAN_UP;
import static io.ultron.sagas.compute.ServerProvisioningSaga.WATCHDOG;
import static org.axonframework.test.matchers.Matchers.listWithAnyOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.axonframework.test.matchers.Matchers.predicate;
import static org.hamcrest.Matchers.equalTo;

class ServerProvisioningSagaTest {

    static final ComputeSettings SETTINGS = ComputeSettings.defaults();
    static final Duration FIRST_CHECK = SETTINGS.buildFirstCheck();
    static final Duration POLL = SETTINGS.buildPollInterval();
    static final Duration STEP_TIMEOUT = SETTINGS.stepTimeout();
    static final Duration BUILD_TIMEOUT_AFTER = SETTINGS.buildTimeout();
    static final String NO_HOST = "No valid host was found. There are not enough hosts available.";

    /** How often the watchdog looks whether the step's node lives. */
    static final Duration CHECK = STEP_TIMEOUT.dividedBy(ServerProvisioningSaga.checksPerStep(SETTINGS));

    static LettuceConnectionFactory redisConnections;
    SagaTestFixture<ServerProvisioningSaga> fixture;
    /** The real leases on the local Redis: a test holds one as the task on a live node would. */
    StepLeases leases;

    @BeforeAll
    static void connectRedis() {
        redisConnections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
        redisConnections.afterPropertiesSet();
    }

    @AfterAll
    static void disconnectRedis() {
        redisConnections.destroy();
    }

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(ServerProvisioningSaga.class);
        fixture.registerResource(SETTINGS);
        leases = new StepLeases(new StringRedisTemplate(redisConnections), "ultron:test:" + UUID.randomUUID() + ":",
                "saga-test-node", Duration.ofSeconds(30), SETTINGS);
        fixture.registerResource(leases);
    }

    @AfterEach
    void stopLeases() {
        leases.stop();
    }

    /** As the task running {@code step} on a live node notes it. */
    void heldByALiveNode(Step step) {
        leases.hold(SERVER, 1, step.name());
    }

    // ---- events of the server, as the aggregate emits them

    static ServerRequestedEvent requested() {
        return new ServerRequestedEvent(SERVER, BATCH, SPEC, 2, 4096, NOVA_FLAVOR);
    }

    static ServerScheduledEvent scheduled(int attempt) {
        return attempt == 1 ? new ServerScheduledEvent(SERVER, CLUSTER_A, SUBNET, 1)
                : new ServerScheduledEvent(SERVER, CLUSTER_B, OTHER_SUBNET, attempt);
    }

    static ServerNetworkReadyEvent networkReady() {
        return new ServerNetworkReadyEvent(SERVER, 1, CLUSTER_A, SUBNET, ADDRESS, PORT);
    }

    static ServerBuildingEvent building() {
        return new ServerBuildingEvent(SERVER, 1, CLUSTER_A, NOVA_SERVER);
    }

    static ServerProvisioningFailedEvent failed(int attempt, String step, String reason, boolean reschedulable) {
        return new ServerProvisioningFailedEvent(SERVER, attempt, attempt == 1 ? CLUSTER_A : CLUSTER_B, step, reason,
                reschedulable);
    }

    /** Attempt 1 failed on a cluster without room, was compensated and placed again on cluster B. */
    static Object[] rescheduled() {
        return new Object[] {requested(), scheduled(1), networkReady(), building(),
                failed(1, ServerSteps.BUILD, NO_HOST, true), new ServerCompensatedEvent(SERVER, 1, CLUSTER_A),
                scheduled(2)};
    }

    static PrepareServerNetworkCommand prepare() {
        return new PrepareServerNetworkCommand(SERVER, 1, VPC, SUBNET, CLUSTER_A);
    }

    static CleanUpServerCommand cleanUpWithAddress() {
        return new CleanUpServerCommand(SERVER, 1, CLUSTER_A, VPC, SUBNET, ADDRESS, false);
    }

    // ---- the happy path, step by step

    @Test
    void startsWhenTheServerIsRequestedAndWaitsForItsPlacement() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(requested())
                .expectActiveSagas(1)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
    }

    @Test
    void aScheduledServerGetsItsNetworkPreparedAndTheStepWatched() {
        fixture.givenAPublished(requested())
                .whenPublishingA(scheduled(1))
                .expectDispatchedCommands(prepare())
                .expectScheduledDeadline(CHECK, Step.NETWORK);
    }

    @Test
    void aReadyNetworkBootsTheServerOnItsPort() {
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1))
                .whenPublishingA(networkReady())
                .expectDispatchedCommands(new BootNovaServerCommand(SERVER, 1, CLUSTER_A, SPEC, NOVA_FLAVOR, PORT))
                .expectScheduledDeadline(CHECK, Step.BOOT)
                .expectNoScheduledDeadline(CHECK, Step.NETWORK);
    }

    @Test
    void aBuildingServerIsFirstCheckedAfterAFewSecondsAndTimedOutAfterMinutes() {
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1)).andThenAPublished(networkReady())
                .whenPublishingA(building())
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(FIRST_CHECK, CHECK_BUILD)
                .expectScheduledDeadlineWithName(BUILD_TIMEOUT_AFTER, BUILD_TIMEOUT)
                .expectNoScheduledDeadlineWithName(CHECK, WATCHDOG);
    }

    @Test
    void theCheckDeadlineAsksNovaAndSchedulesTheNextCheck() throws Exception {
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1)).andThenAPublished(networkReady())
                .andThenAPublished(building())
                .whenTimeElapses(FIRST_CHECK)
                .expectTriggeredDeadlinesWithName(CHECK_BUILD)
                .expectDispatchedCommands(new CheckServerBuildCommand(SERVER, 1, CLUSTER_A))
                .expectScheduledDeadlineWithName(POLL, CHECK_BUILD);
    }

    @Test
    void checksRepeatEveryPollInterval() throws Exception {
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1)).andThenAPublished(networkReady())
                .andThenAPublished(building())
                .andThenTimeElapses(FIRST_CHECK)
                .whenTimeElapses(POLL.multipliedBy(2))
                .expectDispatchedCommands(new CheckServerBuildCommand(SERVER, 1, CLUSTER_A),
                        new CheckServerBuildCommand(SERVER, 1, CLUSTER_A));
    }

    @Test
    void anActiveServerEndsTheSagaWithNoDeadlineLeft() throws Exception {
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1)).andThenAPublished(networkReady())
                .andThenAPublished(building()).andThenTimeElapses(FIRST_CHECK)
                .whenPublishingA(new ServerActiveEvent(SERVER, BATCH, 1, CLUSTER_A, "host-1", ADDRESS))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
    }

    // ---- failures: recorded, compensated with what is known so far

    @Test
    void aBuildThatTakesTooLongIsRecordedAsAReschedulableFailureAndChecksStop() throws Exception {
        RecordServerProvisioningFailedCommand timedOut = new RecordServerProvisioningFailedCommand(SERVER, 1,
                ServerSteps.BUILD, "Nova did not finish building the server within " + BUILD_TIMEOUT_AFTER, true);

        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1)).andThenAPublished(networkReady())
                .andThenAPublished(building())
                .whenTimeElapses(BUILD_TIMEOUT_AFTER)
                .expectTriggeredDeadlinesMatching(listWithAnyOf(predicate(deadline -> deadline.getDeadlineName().equals(BUILD_TIMEOUT))))
                .expectDispatchedCommandsMatching(listWithAnyOf(messageWithPayload(equalTo(timedOut))))
                .expectNoScheduledDeadlineWithName(POLL, CHECK_BUILD)
                .expectScheduledDeadline(CHECK, Step.RECORD_FAILURE);
    }

    @Test
    void aFailureWhileAllocatingTheAddressCleansUpWithoutAnAddressToRelease() {
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1))
                .whenPublishingA(failed(1, ServerSteps.ADDRESS, "vpc exhausted", false))
                .expectDispatchedCommands(new CleanUpServerCommand(SERVER, 1, CLUSTER_A, VPC, null, null, false))
                .expectScheduledDeadline(CHECK, Step.CLEAN_UP)
                .expectNoScheduledDeadline(CHECK, Step.NETWORK);
    }

    @Test
    void aFailureWhileCreatingThePortCleansUpTheAddressTheServerTookUnreported() {
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1))
                .whenPublishingA(failed(1, ServerSteps.PORT, "address in use", false))
                .expectDispatchedCommands(new CleanUpServerCommand(SERVER, 1, CLUSTER_A, VPC, SUBNET, null, false));
    }

    @Test
    void aBootFailureCleansUpThePortAndTheAddress() {
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1)).andThenAPublished(networkReady())
                .whenPublishingA(failed(1, ServerSteps.BOOT, "Nova answered 503", true))
                .expectDispatchedCommands(cleanUpWithAddress())
                .expectNoScheduledDeadline(CHECK, Step.BOOT);
    }

    @Test
    void aBuildFailureCleansUpEverythingAndStopsChecking() throws Exception {
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1)).andThenAPublished(networkReady())
                .andThenAPublished(building()).andThenTimeElapses(FIRST_CHECK)
                .whenPublishingA(failed(1, ServerSteps.BUILD, NO_HOST, true))
                .expectDispatchedCommands(cleanUpWithAddress())
                .expectNoScheduledDeadlineWithName(POLL, CHECK_BUILD)
                .expectNoScheduledDeadlineWithName(BUILD_TIMEOUT_AFTER.minus(FIRST_CHECK), BUILD_TIMEOUT)
                .expectScheduledDeadline(CHECK, Step.CLEAN_UP);
    }

    @Test
    void aCompensatedReschedulableFirstAttemptIsRescheduledAwayFromItsCluster() {
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1)).andThenAPublished(networkReady())
                .andThenAPublished(building()).andThenAPublished(failed(1, ServerSteps.BUILD, NO_HOST, true))
                .whenPublishingA(new ServerCompensatedEvent(SERVER, 1, CLUSTER_A))
                .expectDispatchedCommands(new RescheduleServerCommand(SERVER, List.of(CLUSTER_A), NO_HOST))
                .expectScheduledDeadline(CHECK, Step.RESCHEDULE)
                .expectNoScheduledDeadline(CHECK, Step.CLEAN_UP);
    }

    @Test
    void aCompensatedFinalFailureFailsTheServer() {
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1))
                .andThenAPublished(failed(1, ServerSteps.ADDRESS, "vpc exhausted", false))
                .whenPublishingA(new ServerCompensatedEvent(SERVER, 1, CLUSTER_A))
                .expectDispatchedCommands(new FailServerCommand(SERVER, "vpc exhausted"))
                .expectScheduledDeadline(CHECK, Step.FAIL);
    }

    @Test
    void aSecondAttemptStartsOverOnTheNewClusterAndSubnet() {
        Object[] history = rescheduled();
        fixture.givenAPublished(history[0]).andThenAPublished(history[1]).andThenAPublished(history[2])
                .andThenAPublished(history[3]).andThenAPublished(history[4]).andThenAPublished(history[5])
                .whenPublishingA(history[6])
                .expectDispatchedCommands(new PrepareServerNetworkCommand(SERVER, 2, VPC, OTHER_SUBNET, CLUSTER_B))
                .expectNoScheduledDeadline(CHECK, Step.RESCHEDULE);
    }

    @Test
    void aCompensatedSecondAttemptFailsTheServerEvenWhenReschedulable() {
        Object[] history = rescheduled();
        fixture.givenAPublished(history[0]).andThenAPublished(history[1]).andThenAPublished(history[2])
                .andThenAPublished(history[3]).andThenAPublished(history[4]).andThenAPublished(history[5])
                .andThenAPublished(history[6])
                .andThenAPublished(failed(2, ServerSteps.BOOT, "Nova answered 503", true))
                .whenPublishingA(new ServerCompensatedEvent(SERVER, 2, CLUSTER_B))
                .expectDispatchedCommands(new FailServerCommand(SERVER, "Nova answered 503"));
    }

    @Test
    void theFirstAttemptsReportsAreIgnoredOnceTheSecondIsUnderWay() {
        Object[] history = rescheduled();
        fixture.givenAPublished(history[0]).andThenAPublished(history[1]).andThenAPublished(history[2])
                .andThenAPublished(history[3]).andThenAPublished(history[4]).andThenAPublished(history[5])
                .andThenAPublished(history[6])
                .whenPublishingA(networkReady())
                .expectNoDispatchedCommands();
    }

    @Test
    void aFailedCleanUpIsRetriedWithBackoff() {
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1)).andThenAPublished(networkReady())
                .andThenAPublished(failed(1, ServerSteps.BOOT, "Nova answered 503", true))
                .whenPublishingA(new ServerCleanUpFailedEvent(SERVER, "Neutron answered 503", 1))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofSeconds(2), RETRY_CLEAN_UP)
                .expectNoScheduledDeadline(CHECK, Step.CLEAN_UP);
    }

    @Test
    void theRetryDeadlineSendsTheCleanUpAgain() throws Exception {
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1)).andThenAPublished(networkReady())
                .andThenAPublished(failed(1, ServerSteps.BOOT, "Nova answered 503", true))
                .andThenAPublished(new ServerCleanUpFailedEvent(SERVER, "Neutron answered 503", 1))
                .whenTimeElapses(Duration.ofSeconds(2))
                .expectTriggeredDeadlinesWithName(RETRY_CLEAN_UP)
                .expectDispatchedCommands(cleanUpWithAddress())
                .expectScheduledDeadline(CHECK, Step.CLEAN_UP);
    }

    @Test
    void aSecondCleanUpFailureWaitsTwiceAsLong() throws Exception {
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1)).andThenAPublished(networkReady())
                .andThenAPublished(failed(1, ServerSteps.BOOT, "Nova answered 503", true))
                .andThenAPublished(new ServerCleanUpFailedEvent(SERVER, "Neutron answered 503", 1))
                .andThenTimeElapses(Duration.ofSeconds(2))
                .whenPublishingA(new ServerCleanUpFailedEvent(SERVER, "Neutron answered 503", 1))
                .expectScheduledDeadlineWithName(Duration.ofSeconds(4), RETRY_CLEAN_UP);
    }

    // ---- the step watchdog

    @Test
    void aStepWithoutNewsIsSentAgain() throws Exception {
        heldByALiveNode(Step.NETWORK);
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1))
                .whenTimeElapses(STEP_TIMEOUT)
                .expectDispatchedCommands(prepare())
                .expectScheduledDeadline(CHECK, Step.NETWORK);
    }

    @Test
    void aStepWhoseNodeLivesIsNotSentAgainBeforeTheStepTimeout() throws Exception {
        heldByALiveNode(Step.NETWORK);
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1))
                .whenTimeElapses(STEP_TIMEOUT.minus(CHECK))
                .expectNoDispatchedCommands()
                .expectScheduledDeadline(CHECK, Step.NETWORK);
    }

    @Test
    void aStepWhoseNodeDiedIsSentAgainAtTheWatchdogsNextLook() throws Exception {
        // no live node holds the step: its conductor was killed after taking it
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1))
                .whenTimeElapses(CHECK)
                .expectTriggeredDeadlines(Step.NETWORK)
                .expectDispatchedCommands(prepare());
    }

    @Test
    void aNetworkStepSilentAfterEveryResendFailsTheAttemptAsReschedulable() throws Exception {
        heldByALiveNode(Step.NETWORK);
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1))
                .andThenTimeElapses(STEP_TIMEOUT.multipliedBy(ServerProvisioningSaga.MAX_RESENDS))
                .whenTimeElapses(STEP_TIMEOUT)
                .expectDispatchedCommands(new RecordServerProvisioningFailedCommand(SERVER, 1, "network",
                        "no answer from the network step after 3 tries of " + STEP_TIMEOUT, true))
                .expectScheduledDeadline(CHECK, Step.RECORD_FAILURE);
    }

    @Test
    void aCleanUpWithoutNewsIsSentAgain() throws Exception {
        heldByALiveNode(Step.CLEAN_UP);
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1)).andThenAPublished(networkReady())
                .andThenAPublished(failed(1, ServerSteps.BOOT, "Nova answered 503", true))
                .whenTimeElapses(STEP_TIMEOUT)
                .expectDispatchedCommands(cleanUpWithAddress());
    }

    @Test
    void aFailureRecordWithoutNewsIsSentAgain() throws Exception {
        RecordServerProvisioningFailedCommand timedOut = new RecordServerProvisioningFailedCommand(SERVER, 1,
                ServerSteps.BUILD, "Nova did not finish building the server within " + BUILD_TIMEOUT_AFTER, true);

        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1)).andThenAPublished(networkReady())
                .andThenAPublished(building()).andThenTimeElapses(BUILD_TIMEOUT_AFTER)
                .whenTimeElapses(STEP_TIMEOUT)
                .expectDispatchedCommands(timedOut);
    }

    @Test
    void aFailedServerEndsTheSagaWithNoDeadlineLeft() {
        fixture.givenAPublished(requested()).andThenAPublished(scheduled(1))
                .andThenAPublished(failed(1, ServerSteps.ADDRESS, "vpc exhausted", false))
                .andThenAPublished(new ServerCompensatedEvent(SERVER, 1, CLUSTER_A))
                .whenPublishingA(new ServerFailedEvent(SERVER, BATCH, "vpc exhausted"))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
    }
}
