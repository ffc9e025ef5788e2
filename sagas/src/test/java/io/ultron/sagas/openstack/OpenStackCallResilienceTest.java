package io.ultron.sagas.openstack;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.ultron.api.cluster.ClusterId;
import io.ultron.sagas.openstack.OpenStackCallException.Reason;
import io.ultron.sagas.openstack.OpenStackNetworks.NeutronSubnet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Faults as the simulator injects them: retried, rate limited, or ending in an open circuit. */
class OpenStackCallResilienceTest {

    private static SimulatedOpenStack openStack;
    private OpenStack4jNetworks networks;
    private OpenStackCallRunner runner;

    @BeforeAll
    static void startSimulator() {
        openStack = SimulatedOpenStack.start(3);
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        openStack.close();
    }

    @BeforeEach
    void freshNode() {
        SimulatedOpenStack.Node node = openStack.node(SimulatedOpenStack.fastProperties(), 4);
        networks = node.networks();
        runner = node.runner();
        openStack.sim.admin().clearRequests();
    }

    @Test
    void injected503sAreRetriedUntilTheCallSucceeds() {
        openStack.sim.admin().failNextCalls("cluster-1", 2, 503);

        NeutronSubnet subnet = networks.ensureSubnet(ClusterId.of("cluster-1"), Subnets.slash22("sn-503"), trace()).join();

        assertThat(subnet.subnetId()).isNotBlank();
        assertThat(openStack.serviceRequests("cluster-1")).filteredOn(r -> r.status() == 503).hasSize(2);
        assertThat(openStack.sim.admin().subnets("cluster-1")).filteredOn(s -> s.name().equals("ultron-sn-503")).hasSize(1);
    }

    @Test
    void persistent500sFailTheCallTypedThenTheOpenCircuitFailsCallsWithoutSendingThem() {
        ClusterId cluster = ClusterId.of("cluster-2");
        openStack.sim.admin().configure("cluster-2", s -> s.errorRate(1.0).errorStatus(500));

        Throwable failure = catchThrowable(() -> networks.ensureSubnet(cluster, Subnets.slash22("sn-500"), trace()).join());

        assertThat(failure).isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(
                OpenStackCallException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR);
                    assertThat(e.status()).hasValue(500);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.cluster()).isEqualTo(cluster);
                });
        assertThat(openStack.serviceRequests("cluster-2")).hasSize(3);
        assertThat(runner.circuitState(cluster)).isEqualTo(CircuitBreaker.State.OPEN);

        Throwable rejected = catchThrowable(() -> networks.deleteSubnet(cluster, "sn-500", trace()).join());

        assertThat(rejected).cause().isInstanceOfSatisfying(OpenStackCallException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
            assertThat(e.status()).isEmpty();
        });
        assertThat(openStack.serviceRequests("cluster-2")).hasSize(3);
        openStack.sim.admin().configure("cluster-2", s -> s.errorRate(0));
    }

    @Test
    void aRateLimitedCallWaitsForRetryAfterThenSucceeds() {
        ClusterId cluster = ClusterId.of("cluster-3");
        NeutronSubnet subnet = networks.ensureSubnet(cluster, Subnets.slash22("sn-429"), trace()).join();
        openStack.sim.admin().configure("cluster-3", s -> s.rateLimitPerSecond(1));
        openStack.sim.admin().clearRequests();
        String limitedTrace = trace();
        AtomicReference<String> completedOn = new AtomicReference<>();

        networks.updateAllocationPools(cluster, subnet.subnetId(), Subnets.twoPools(), trace()).join();
        long start = System.nanoTime();
        CompletableFuture<Void> limited = networks.updateAllocationPools(cluster, subnet.subnetId(), Subnets.twoPools(),
                limitedTrace).whenComplete((ok, failure) -> completedOn.set(Thread.currentThread().getName()));
        limited.join();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        var calls = openStack.sim.admin().requests(RequestIds.fromTraceId(limitedTrace));
        assertThat(calls).extracting(r -> r.status()).startsWith(429).endsWith(200);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(completedOn.get()).startsWith("openstack-cluster-3-");
        openStack.sim.admin().configure("cluster-3", s -> s.rateLimitPerSecond(0));
    }

    @Test
    void aCallHeldBeyondTheReadTimeoutIsAbandonedAndRetried() {
        OpenStackProperties fast = SimulatedOpenStack.fastProperties();
        OpenStackProperties shortReadTimeout = new OpenStackProperties(null, fast.connectTimeout(), Duration.ofMillis(300),
                null, 0, 0, fast.leaseTtl(), fast.leaseWait(), null, fast.retry(), fast.breaker(), fast.rateLimitMaxWait());
        OpenStack4jNetworks impatient = openStack.node(shortReadTimeout, 4).networks();
        openStack.sim.admin().configure("cluster-1", s -> s.holdMillis(3_000));
        openStack.sim.admin().holdNextCalls("cluster-1", 1);
        long start = System.nanoTime();

        NeutronSubnet subnet = impatient.ensureSubnet(ClusterId.of("cluster-1"), Subnets.slash22("sn-held"), trace()).join();

        assertThat(subnet.subnetId()).isNotBlank();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(openStack.serviceRequests("cluster-1")).anyMatch(r -> r.outcome().equals("held"));
    }

    @Test
    void anUnknownClusterFailsWithoutRetry() {
        Throwable failure = catchThrowable(() -> networks.deleteSubnet(ClusterId.of("nowhere"), "sn", trace()).join());

        assertThat(failure).cause().isInstanceOfSatisfying(OpenStackCallException.class,
                e -> assertThat(e.retryable()).isFalse());
    }

    @Test
    void aClusterWithoutCredentialsFailsAtOnceAndGetsNoThreads() {
        ClusterId cluster = ClusterId.of(SimulatedOpenStack.UNCONFIGURED);

        Throwable failure = catchThrowable(() -> networks.deleteSubnet(cluster, "sn", trace()).join());

        assertThat(failure).cause().isInstanceOfSatisfying(OpenStackCallException.class,
                e -> assertThat(e.reason()).isEqualTo(OpenStackCallException.Reason.NOT_CONFIGURED));
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().startsWith("openstack-" + cluster.value() + "-"));
    }

    private static String trace() {
        return UUID.randomUUID().toString();
    }
}
