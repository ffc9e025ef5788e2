package io.ultron.sagas.openstack;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.ultron.api.cluster.ClusterId;
import io.ultron.sagas.openstack.OpenStackNetworks.NeutronSubnet;
import io.ultron.sim.admin.RequestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** A 429 from a cluster pauses every node's calls to it, and costs no attempt and no breaker failure. */
class ClusterPacingTest {

    private static SimulatedOpenStack openStack;

    @BeforeAll
    static void startSimulator() {
        openStack = SimulatedOpenStack.start(3);
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        openStack.close();
    }

    @Test
    void a429OnOneNodeHoldsTheOtherNodesCallsToThatClusterUntilItsRetryAfterPassed() {
        ClusterId cluster = ClusterId.of("cluster-1");
        SimulatedOpenStack.Node first = openStack.node(SimulatedOpenStack.fastProperties(), 4);
        SimulatedOpenStack.Node second = openStack.node(SimulatedOpenStack.fastProperties(), 4);
        NeutronSubnet subnet = first.networks().ensureSubnet(cluster, Subnets.slash22("sn-paced"), trace()).join();
        openStack.sim.admin().configure("cluster-1", s -> s.rateLimitPerSecond(2));
        openStack.sim.admin().clearRequests();

        // the first node spends the second's two calls, and its third is answered 429 with Retry-After: 1
        List<CompletableFuture<Void>> firstNodeCalls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            firstNodeCalls.add(first.networks().updateAllocationPools(cluster, subnet.subnetId(), Subnets.twoPools(), trace()));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !second.pacing().pausedFor(cluster).isZero());
        long pausedAt = System.nanoTime();
        String secondTrace = trace();
        second.networks().updateAllocationPools(cluster, subnet.subnetId(), Subnets.twoPools(), secondTrace).join();
        Duration secondWaited = Duration.ofNanos(System.nanoTime() - pausedAt);
        CompletableFuture.allOf(firstNodeCalls.toArray(CompletableFuture[]::new)).join();

        assertThat(openStack.serviceRequests("cluster-1")).extracting(RequestRecord::outcome).contains("rate-limited");
        assertThat(openStack.sim.admin().requests(RequestIds.fromTraceId(secondTrace)))
                .as("the second node sent nothing while the cluster was paused, and then one call that passed")
                .extracting(RequestRecord::status).containsExactly(200);
        assertThat(secondWaited).isGreaterThan(Duration.ofMillis(500));
        assertThat(second.pacing().pausedFor(cluster)).isZero();
        openStack.sim.admin().configure("cluster-1", s -> s.rateLimitPerSecond(0));
    }

    @Test
    void moreRateLimitedAnswersThanAttemptsStillEndInSuccessWithTheCircuitClosed() {
        ClusterId cluster = ClusterId.of("cluster-2");
        SimulatedOpenStack.Node node = openStack.node(SimulatedOpenStack.fastProperties(), 4);
        NeutronSubnet subnet = node.networks().ensureSubnet(cluster, Subnets.slash22("sn-many-429"), trace()).join();
        // five 429s without Retry-After: the node backs off on its own; the retry policy allows only 3 attempts
        openStack.sim.admin().failNextCalls("cluster-2", 5, 429);
        String limitedTrace = trace();

        node.networks().updateAllocationPools(cluster, subnet.subnetId(), Subnets.twoPools(), limitedTrace).join();

        assertThat(openStack.sim.admin().requests(RequestIds.fromTraceId(limitedTrace)))
                .extracting(RequestRecord::status).containsExactly(429, 429, 429, 429, 429, 200);
        assertThat(node.runner().circuitState(cluster)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aCallBeyondTheNodesQueueForAPausedClusterFailsAtOnceAsOverloaded() {
        ClusterId cluster = ClusterId.of("cluster-3");
        OpenStackProperties fast = SimulatedOpenStack.fastProperties();
        OpenStackProperties smallQueue = new OpenStackProperties(null, fast.connectTimeout(), fast.readTimeout(), null, 0,
                2, fast.leaseTtl(), fast.leaseWait(), null, fast.retry(), fast.breaker(), fast.rateLimitMaxWait());
        SimulatedOpenStack.Node node = openStack.node(smallQueue, 4);
        NeutronSubnet subnet = node.networks().ensureSubnet(cluster, Subnets.slash22("sn-queue"), trace()).join();
        node.pacing().pause(cluster, Duration.ofSeconds(1));

        CompletableFuture<Void> waiting1 = node.networks().updateAllocationPools(cluster, subnet.subnetId(), Subnets.twoPools(), trace());
        CompletableFuture<Void> waiting2 = node.networks().updateAllocationPools(cluster, subnet.subnetId(), Subnets.twoPools(), trace());
        Throwable refused = catchThrowable(() -> node.networks()
                .updateAllocationPools(cluster, subnet.subnetId(), Subnets.twoPools(), trace()).join());

        assertThat(refused).cause().isInstanceOfSatisfying(OpenStackCallException.class, e -> {
            assertThat(e.reason()).isEqualTo(OpenStackCallException.Reason.OVERLOADED);
            assertThat(e.retryable()).isTrue();
        });
        CompletableFuture.allOf(waiting1, waiting2).join();
    }

    private static String trace() {
        return UUID.randomUUID().toString();
    }
}
