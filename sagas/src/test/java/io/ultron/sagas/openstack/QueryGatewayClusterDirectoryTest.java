package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterStatus;
import io.ultron.api.cluster.ClusterView;
import io.ultron.api.cluster.FindClusterQuery;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The directory asks the query side through a real Axon query bus, and reuses answers briefly. */
class QueryGatewayClusterDirectoryTest {

    private static final ClusterId BJ1 = ClusterId.of("cl-bj1-az1");
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private final RegisteredClusters registered = new RegisteredClusters(Map.of(BJ1, view(BJ1)));
    private QueryGatewayClusterDirectory directory;
    private MutableClock clock;

    @BeforeEach
    void queryBusWithTheClusterHandler() {
        SimpleQueryBus bus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(registered).subscribe(bus);
        clock = new MutableClock(NOW);
        directory = new QueryGatewayClusterDirectory(DefaultQueryGateway.builder().queryBus(bus).build(),
                Duration.ofSeconds(30), clock);
    }

    @Test
    void resolvesARegisteredClusterToItsEndpoint() {
        ClusterEndpoint endpoint = directory.endpoint(BJ1).join();

        assertThat(endpoint).isEqualTo(new ClusterEndpoint(BJ1, "bj1-az1", "https://keystone.bj1.example/v3",
                "clusters/bj1-az1", 8));
    }

    @Test
    void reusesAnAnswerUntilTheCacheTimeHasPassed() {
        directory.endpoint(BJ1).join();
        directory.endpoint(BJ1).join();
        assertThat(registered.queries.get()).isEqualTo(1);

        clock.now = NOW.plusSeconds(31);
        directory.endpoint(BJ1).join();
        assertThat(registered.queries.get()).isEqualTo(2);
    }

    @Test
    void anUnknownClusterFailsNotRetryable() {
        Throwable failure = catchThrowable(() -> directory.endpoint(ClusterId.of("cl-nowhere")).join());

        assertThat(failure).cause().isInstanceOfSatisfying(OpenStackCallException.class, e -> {
            assertThat(e.reason()).isEqualTo(OpenStackCallException.Reason.NOT_CONFIGURED);
            assertThat(e.retryable()).isFalse();
        });
    }

    private static ClusterView view(ClusterId id) {
        return new ClusterView(id, "bj1-az1", "bj1", "bj1-idc1", "https://keystone.bj1.example/v3", "clusters/bj1-az1",
                "2023.2", Set.of(), 8, ClusterStatus.ACTIVE, NOW, NOW, 0);
    }

    /** Stands in for the query side's handler: same query, same answer type. */
    static final class RegisteredClusters {
        private final Map<ClusterId, ClusterView> clusters;
        private final AtomicInteger queries = new AtomicInteger();

        RegisteredClusters(Map<ClusterId, ClusterView> clusters) {
            this.clusters = clusters;
        }

        @QueryHandler
        Optional<ClusterView> find(FindClusterQuery query) {
            queries.incrementAndGet();
            return Optional.ofNullable(clusters.get(query.clusterId()));
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
