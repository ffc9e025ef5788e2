package io.ultron.command.network;

import io.ultron.api.network.VpcId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two nodes' allocation turns for one VPC, on the real Redis (ULTRON_TEST_REDIS_URL, default localhost:6379). */
class AllocationTurnsIT {

    static final URI REDIS = URI.create(System.getenv().getOrDefault("ULTRON_TEST_REDIS_URL", "redis://127.0.0.1:6379"));
    final String prefix = "ultron:test:turns:" + UUID.randomUUID() + ":";
    final VpcId vpc = new VpcId("vpc-" + UUID.randomUUID());
    final List<LettuceConnectionFactory> factories = new ArrayList<>();
    final List<AllocationTurns> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(AllocationTurns::stop);
        factories.forEach(LettuceConnectionFactory::destroy);
    }

    @Test
    void aNodeWaitsForTheOtherNodesTurnOnTheVpcAndTakesItWhenItEnds() {
        AllocationTurns a = node(REDIS.getPort(), Duration.ofSeconds(5));
        AllocationTurns b = node(REDIS.getPort(), Duration.ofSeconds(5));
        CountDownLatch aIn = new CountDownLatch(1);
        CountDownLatch aMayEnd = new CountDownLatch(1);
        AtomicBoolean aEnded = new AtomicBoolean();
        AtomicBoolean bRan = new AtomicBoolean();
        AtomicBoolean bRanWhileAHeldTheTurn = new AtomicBoolean();

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> a.inTurn(vpc, () -> {
            aIn.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> aMayEnd.getCount() == 0);
            aEnded.set(true);
        }));
        await().atMost(Duration.ofSeconds(5)).until(() -> aIn.getCount() == 0);
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> b.inTurn(vpc, () -> {
            bRanWhileAHeldTheTurn.set(!aEnded.get());
            bRan.set(true);
        }));

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !bRan.get());
        aMayEnd.countDown();
        first.join();
        second.join();
        assertThat(bRan).isTrue();
        assertThat(bRanWhileAHeldTheTurn).isFalse();
    }

    @Test
    void anotherVpcsTurnDoesNotWait() {
        AllocationTurns a = node(REDIS.getPort(), Duration.ofSeconds(5));
        AllocationTurns b = node(REDIS.getPort(), Duration.ofSeconds(5));
        CountDownLatch aIn = new CountDownLatch(1);
        CountDownLatch aMayEnd = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> a.inTurn(vpc, () -> {
            aIn.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> aMayEnd.getCount() == 0);
        }));
        await().atMost(Duration.ofSeconds(5)).until(() -> aIn.getCount() == 0);

        AtomicBoolean otherVpc = new AtomicBoolean();
        b.inTurn(new VpcId("vpc-" + UUID.randomUUID()), () -> otherVpc.set(true));
        assertThat(otherVpc).isTrue();
        aMayEnd.countDown();
        first.join();
    }

    @Test
    void aTurnHeldTooLongIsSkippedAfterTheWait() {
        AllocationTurns stuck = node(REDIS.getPort(), Duration.ofSeconds(5));
        AllocationTurns waiting = node(REDIS.getPort(), Duration.ofMillis(300));
        CountDownLatch stuckIn = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> stuck.inTurn(vpc, () -> {
            stuckIn.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> release.getCount() == 0);
        }));
        await().atMost(Duration.ofSeconds(5)).until(() -> stuckIn.getCount() == 0);

        AtomicBoolean ran = new AtomicBoolean();
        long start = System.nanoTime();
        waiting.inTurn(vpc, () -> ran.set(true));
        assertThat(ran).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        release.countDown();
        holder.join();
    }

    @Test
    void withoutRedisTheWorkRunsWithoutATurn() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AllocationTurns away = node(closedPort, Duration.ofSeconds(2));
        AtomicBoolean ran = new AtomicBoolean();
        away.inTurn(vpc, () -> ran.set(true));
        assertThat(ran).isTrue();
    }

    private AllocationTurns node(int port, Duration wait) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(REDIS.getHost(), port));
        factory.afterPropertiesSet();
        factory.start();
        factories.add(factory);
        AllocationTurns turns = new AllocationTurns(factory, prefix, true, wait);
        turns.start();
        nodes.add(turns);
        return turns;
    }
}
