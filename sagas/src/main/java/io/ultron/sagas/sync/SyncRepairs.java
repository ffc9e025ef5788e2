package io.ultron.sagas.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.ServerPortRepairedEvent;
import io.ultron.api.drift.LeftoverPortDeletedEvent;
import io.ultron.api.drift.LeftoverServerDeletedEvent;
import io.ultron.api.network.NeutronSubnetRepairedEvent;
import io.ultron.sagas.openstack.ClusterDirectory;
import io.ultron.sagas.openstack.ClusterEndpoint;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * Counts the drift repaired, per cluster and kind ({@code ultron.sync.repaired}), from the events that record each
 * repair, on whichever conductor handles them (Prometheus sums the nodes); the drift found is counted by the sync
 * itself ({@code ultron.sync.drift}).
 */
@Component
@ProcessingGroup(SyncRepairs.GROUP)
class SyncRepairs {

    static final String GROUP = "sync-repairs";

    private final ClusterDirectory clusters;
    private final MeterRegistry meters;

    SyncRepairs(ClusterDirectory clusters, MeterRegistry meters) {
        this.clusters = clusters;
        this.meters = meters;
    }

    @EventHandler
    void on(ServerPortRepairedEvent event) {
        count(event.clusterId(), "port");
    }

    @EventHandler
    void on(NeutronSubnetRepairedEvent event) {
        count(event.clusterId(), "subnet");
    }

    @EventHandler
    void on(LeftoverServerDeletedEvent event) {
        count(event.clusterId(), "leftover-server");
    }

    @EventHandler
    void on(LeftoverPortDeletedEvent event) {
        count(event.clusterId(), "leftover-port");
    }

    /** Tagged with the cluster's name, as the other sync metrics are (its id when it cannot be found). */
    private void count(ClusterId cluster, String kind) {
        String name = clusters.endpoint(cluster).handle((endpoint, unknown) -> endpoint == null ? cluster.value()
                : endpoint.name()).join();
        Counter.builder("ultron.sync.repaired").tag("cluster", name).tag("kind", kind)
                .description("drift repaired (ports, subnets' pools, leftovers deleted)").register(meters).increment();
    }

    @Configuration(proxyBeanMethods = false)
    static class Processing {

        /** Counts the repairs from now: a new node does not read the whole event store to count old ones. */
        @Bean
        ConfigurerModule syncRepairsCountFromTheHead() {
            return configurer -> configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(GROUP,
                    (config, builder) -> builder.initialToken(source -> source.createHeadToken()));
        }
    }
}
