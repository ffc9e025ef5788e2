package io.ultron.sagas.compute;

import io.ultron.api.cluster.ClusterStatus;
import io.ultron.api.cluster.ClusterView;
import io.ultron.api.cluster.FindClustersQuery;
import io.ultron.sagas.openstack.OpenStackCompute;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The conductors' capacity job: reads every active cluster's Nova hypervisor statistics and keeps them in Redis
 * ({@code <prefix>compute:capacity:<cluster>}: freeVcpus, freeRamMb, observedAt in epoch ms), where placement on
 * any api node reads them. Several conductors may run it; the newest observation simply wins.
 */
@Component
class CapacityRefresher {

    private static final Logger log = LoggerFactory.getLogger(CapacityRefresher.class);

    private final QueryGateway queries;
    private final OpenStackCompute compute;
    private final StringRedisTemplate redis;
    private final String prefix;
    private final Clock clock = Clock.systemUTC();

    CapacityRefresher(QueryGateway queries, OpenStackCompute compute, StringRedisTemplate redis,
                      @Value("${ultron.redis.key-prefix:ultron:}") String prefix) {
        this.queries = queries;
        this.compute = compute;
        this.redis = redis;
        this.prefix = prefix;
    }

    @Scheduled(initialDelayString = "${ultron.compute.capacity-refresh-initial-delay:0s}",
            fixedDelayString = "${ultron.compute.capacity-refresh:15s}")
    void refresh() {
        List<ClusterView> clusters = queries.query(new FindClustersQuery(null, null, ClusterStatus.ACTIVE),
                ResponseTypes.multipleInstancesOf(ClusterView.class)).join();
        CompletableFuture<?>[] reads = clusters.stream().map(cluster -> {
            long startedAt = clock.millis();
            return compute.capacity(cluster.id(), null)
                    .thenAccept(capacity -> redis.opsForHash().putAll(prefix + "compute:capacity:" + cluster.id().value(),
                            Map.of("freeVcpus", Long.toString(capacity.freeVcpus()),
                                    "freeRamMb", Long.toString(capacity.freeMemoryMb()),
                                    // the moment the read started: a server that became ACTIVE later may be missing
                                    "observedAt", Long.toString(startedAt))))
                    .exceptionally(failure -> {
                        log.warn("capacity of {} not refreshed: {}", cluster.id(), failure.toString());
                        return null;
                    });
        }).toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(reads).join();
    }
}
