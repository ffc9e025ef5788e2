package io.ultron.command.network;

import io.ultron.api.network.Cidr;
import io.ultron.command.store.StoreCheckedRepository;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
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

import java.util.List;

@Configuration
@EnableConfigurationProperties(NetworkConfiguration.NetworkProperties.class)
class NetworkConfiguration {

    /**
     * @param reservedRanges /20-aligned ranges kept for one department or purpose
     * @param exhaustion     see {@link ExhaustionPolicy.Settings}
     */
    @ConfigurationProperties("ultron.network")
    record NetworkProperties(List<Reserved> reservedRanges, Exhaustion exhaustion) {

        NetworkProperties {
            reservedRanges = reservedRanges == null ? List.of() : reservedRanges;
            exhaustion = exhaustion == null ? new Exhaustion(null, null, null) : exhaustion;
        }

        record Reserved(String cidr, String department, String purpose) {
        }

        record Exhaustion(Integer minReserveAddresses, Integer newSubnetGrantSlices, Integer lowWatermark) {
        }
    }

    @Bean
    AddressSpacePlanner addressSpacePlanner(NetworkProperties properties) {
        List<ReservedRange> reserved = properties.reservedRanges().stream().map(r -> new ReservedRange(Cidr.parse(r.cidr()),
                r.department() != null ? ReservationHolder.department(r.department()) : ReservationHolder.purpose(r.purpose()))).toList();
        return AddressSpacePlanner.of(reserved);
    }

    @Bean
    ExhaustionPolicy exhaustionPolicy(NetworkProperties properties) {
        var defaults = ExhaustionPolicy.Settings.DEFAULTS;
        var given = properties.exhaustion();
        return new ExhaustionPolicy(new ExhaustionPolicy.Settings(
                given.minReserveAddresses() != null ? given.minReserveAddresses() : defaults.minReserveAddresses(),
                given.newSubnetGrantSlices() != null ? given.newSubnetGrantSlices() : defaults.newSubnetGrantSlices(),
                given.lowWatermark() != null ? given.lowWatermark() : defaults.lowWatermark()));
    }

    /**
     * A VPC lives for years and every allocation and release is an event: a snapshot every so many events keeps a
     * cold load (another node, after a restart or a lost race) from replaying the whole history.
     */
    @Bean
    SnapshotTriggerDefinition vpcSnapshotTrigger(Snapshotter snapshotter,
                                                 @Value("${ultron.network.snapshot-every:250}") int events) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, events);
    }

    /**
     * VPC aggregates stay in memory between commands, so an allocation does not load the VPC's snapshot and events
     * again; each command first checks its copy against the event store (see {@link StoreCheckedRepository}).
     */
    @Bean
    Cache vpcCache() {
        return new WeakReferenceCache();
    }

    @Bean
    Repository<Vpc> vpcRepository(EventStore eventStore, Cache vpcCache, SnapshotTriggerDefinition vpcSnapshotTrigger,
                                  @Value("${ultron.commands.aggregate-cache:true}") boolean cached,
                                  ParameterResolverFactory parameterResolverFactory, HandlerDefinition handlerDefinition,
                                  ObjectProvider<org.axonframework.config.Configuration> axon) {
        return StoreCheckedRepository.of(Vpc.class, eventStore, vpcCache, cached, vpcSnapshotTrigger, parameterResolverFactory,
                handlerDefinition, axon);
    }
}
