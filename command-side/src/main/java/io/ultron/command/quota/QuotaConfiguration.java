package io.ultron.command.quota;

import io.ultron.command.store.StoreCheckedRepository;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The tenant quota aggregate's repository and the usage processor's error handling. */
@Configuration(proxyBeanMethods = false)
class QuotaConfiguration {

    /** A tenant's quota sees an event per address counted: a snapshot every so many keeps a cold load short. */
    @Bean
    SnapshotTriggerDefinition tenantQuotaSnapshotTrigger(Snapshotter snapshotter,
                                                         @Value("${ultron.quota.snapshot-every:250}") int events) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, events);
    }

    @Bean
    Cache tenantQuotaCache() {
        return new WeakReferenceCache();
    }

    /** Cached, and every command first checks its copy against the event store (see {@link StoreCheckedRepository}). */
    @Bean
    Repository<TenantQuota> tenantQuotaRepository(EventStore eventStore, Cache tenantQuotaCache,
                                                  SnapshotTriggerDefinition tenantQuotaSnapshotTrigger,
                                                  @Value("${ultron.commands.aggregate-cache:true}") boolean cached,
                                                  ParameterResolverFactory parameterResolverFactory,
                                                  HandlerDefinition handlerDefinition,
                                                  ObjectProvider<org.axonframework.config.Configuration> axon) {
        return StoreCheckedRepository.of(TenantQuota.class, eventStore, tenantQuotaCache, cached, tenantQuotaSnapshotTrigger,
                parameterResolverFactory, handlerDefinition, axon);
    }

    /**
     * Axon's default logs a handler's exception and moves on: usage would then miss a server or an address for ever.
     * Thrown back instead, the processor rolls back and handles the events again (every count is idempotent).
     */
    @Bean
    ConfigurerModule quotaUsageErrorsAreRetried() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                QuotaUsageProcessor.GROUP, config -> PropagatingErrorHandler.instance());
    }
}
