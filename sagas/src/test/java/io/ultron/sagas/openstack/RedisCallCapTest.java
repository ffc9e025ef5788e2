package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;
import io.ultron.sagas.openstack.OpenStackNetworks.NeutronSubnet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The cap on concurrent calls holds across nodes, because it lives in Redis. */
class RedisCallCapTest {

    private static final String CLUSTER = "cluster-1";
    private static final ClusterId CLUSTER_ID = ClusterId.of(CLUSTER);
    private static final long LATENCY_MILLIS = 200;

    private static SimulatedOpenStack openStack;

    @BeforeAll
    static void startSimulator() {
        openStack = SimulatedOpenStack.start(1);
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        openStack.close();
    }

    @Test
    void twoNodesNeverHaveMoreThanTheClustersCapInFlight() {
        int cap = 2;
        SimulatedOpenStack.Node first = openStack.node(SimulatedOpenStack.fastProperties(), cap);
        SimulatedOpenStack.Node second = openStack.node(SimulatedOpenStack.fastProperties(), cap);
        NeutronSubnet subnet = first.networks().ensureSubnet(CLUSTER_ID, Subnets.slash22("sn-cap"), trace()).join();
        second.networks().updateAllocationPools(CLUSTER_ID, subnet.subnetId(), Subnets.twoPools(), trace()).join();
        openStack.sim.admin().configure(CLUSTER, s -> s.latency(LATENCY_MILLIS, LATENCY_MILLIS));
        openStack.sim.admin().clearRequests();

        AtomicLong mostLeasesHeld = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> mostLeasesHeld.accumulateAndGet(first.cap().held(CLUSTER_ID), Math::max),
                0, 5, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SimulatedOpenStack.Node node = i % 2 == 0 ? first : second;
            calls.add(node.networks().updateAllocationPools(CLUSTER_ID, subnet.subnetId(), Subnets.twoPools(), trace()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        sampler.shutdownNow();

        assertThat(openStack.serviceRequests(CLUSTER)).hasSize(10).allMatch(r -> r.status() == 200);
        // Each call holds its lease for at least the 200 ms latency; two at a time, ten calls need five rounds.
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(5 * LATENCY_MILLIS));
        assertThat(mostLeasesHeld.get()).isBetween(1L, (long) cap);
        assertThat(first.cap().held(CLUSTER_ID)).isZero();
        openStack.sim.admin().configure(CLUSTER, s -> s.latency(0, 0));
    }

    @Test
    void aLeaseANodeNeverGaveBackExpires() {
        RedisCallCap shortLeases = new RedisCallCap(openStack.redis, openStack.redisPrefix, Duration.ofMillis(200));
        ClusterId cluster = ClusterId.of("cluster-crashed-node");

        assertThat(shortLeases.tryAcquire(cluster, 1)).isNotNull();
        assertThat(shortLeases.tryAcquire(cluster, 1)).isNull();

        assertThat(shortLeases.acquire(cluster, 1, Duration.ofSeconds(5))).isNotNull();
    }

    private static String trace() {
        return UUID.randomUUID().toString();
    }
}
