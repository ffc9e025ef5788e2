package io.ultron.command.compute;

import io.ultron.command.store.StoreCheckedRepository;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.Map;

@Configuration
@EnableConfigurationProperties(ComputeConfiguration.ComputeProperties.class)
class ComputeConfiguration {

    /**
     * @param flavors          the flavors users may ask for, by name; placement needs their size, Nova their id
     *                         (the same in every cluster)
     * @param capacityMaxAge   a cluster whose Nova statistics are older than this is not placed on (its conductor
     *                         job has stopped refreshing them)
     * @param placementLockTtl how long one placement may hold its IDC's lock in Redis at most
     */
    @ConfigurationProperties("ultron.compute")
    record ComputeProperties(Map<String, Flavor> flavors, Duration capacityMaxAge, Duration placementLockTtl) {

        ComputeProperties {
            flavors = flavors == null ? Map.of() : Map.copyOf(flavors);
            capacityMaxAge = capacityMaxAge == null ? Duration.ofMinutes(5) : capacityMaxAge;
            placementLockTtl = placementLockTtl == null ? Duration.ofSeconds(10) : placementLockTtl;
        }

        record Flavor(int vcpus, int ramMb, String novaId) {
        }
    }

    /**
     * Servers and batches stay in memory between the saga's reports, so a report does not replay the history; each
     * command first checks its copy against the event store (see {@link StoreCheckedRepository}).
     */
    @Bean
    Cache computeCache() {
        return new WeakReferenceCache();
    }

    @Bean
    Repository<Server> serverRepository(EventStore eventStore, Cache computeCache,
                                        @Value("${ultron.commands.aggregate-cache:true}") boolean cached,
                                        ParameterResolverFactory parameterResolverFactory, HandlerDefinition handlerDefinition,
                                  ObjectProvider<org.axonframework.config.Configuration> axon) {
        return StoreCheckedRepository.of(Server.class, eventStore, computeCache, cached, null, parameterResolverFactory,
                handlerDefinition, axon);
    }

    @Bean
    Repository<Batch> batchRepository(EventStore eventStore, Cache computeCache,
                                      @Value("${ultron.commands.aggregate-cache:true}") boolean cached,
                                      ParameterResolverFactory parameterResolverFactory, HandlerDefinition handlerDefinition,
                                  ObjectProvider<org.axonframework.config.Configuration> axon) {
        return StoreCheckedRepository.of(Batch.class, eventStore, computeCache, cached, null, parameterResolverFactory,
                handlerDefinition, axon);
    }
}
