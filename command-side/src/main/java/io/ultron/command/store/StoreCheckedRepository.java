package io.ultron.command.store;

import org.axonframework.common.caching.Cache;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.Repository;
import org.axonframework.modelling.command.RepositoryProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

import java.util.Objects;
import java.util.Optional;

/**
 * Axon's caching repository, but a cached aggregate is used only while it is the latest: before a command
 * decides, the cached copy's version is compared with the aggregate's last sequence number in the event store
 * (one indexed look-up), and a copy another node has moved past is brought up to date with the events it missed.
 * Without the check a node decided on its own stale copy: a write from it was caught by the store's sequence
 * check, but a refusal writes nothing and was never noticed (a 409 for an address another node had just handed out).
 */
public class StoreCheckedRepository<T> extends CachingEventSourcingRepository<T> {

    private static final Logger log = LoggerFactory.getLogger(StoreCheckedRepository.class);

    private final EventStore eventStore;
    private final Cache cache;

    private StoreCheckedRepository(Builder<T> builder, EventStore eventStore, Cache cache) {
        super(builder);
        this.eventStore = eventStore;
        this.cache = cache;
    }

    /**
     * The repository of {@code aggregateType}: with a cache checked against the store, or, with
     * {@code ultron.commands.aggregate-cache=false}, loading every aggregate from the store for every command.
     */
    public static <T> EventSourcingRepository<T> of(Class<T> aggregateType, EventStore eventStore, Cache cache,
                                                    boolean cached, SnapshotTriggerDefinition snapshotTrigger,
                                                    ParameterResolverFactory parameterResolverFactory,
                                                    HandlerDefinition handlerDefinition,
                                                    ObjectProvider<Configuration> axon) {
        Builder<T> builder = EventSourcingRepository.builder(aggregateType)
                .eventStore(eventStore)
                .repositoryProvider(repositoriesOf(axon))
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition);
        if (snapshotTrigger != null) {
            builder.snapshotTriggerDefinition(snapshotTrigger);
        }
        if (!cached) {
            return builder.build();
        }
        return new StoreCheckedRepository<>(builder.cache(cache), eventStore, cache);
    }

    /** Axon's repositories, looked up when first needed: an aggregate that creates another (a batch its servers) needs them. */
    private static RepositoryProvider repositoriesOf(ObjectProvider<Configuration> axon) {
        return new RepositoryProvider() {
            @Override
            public <A> Repository<A> repositoryFor(Class<A> aggregateType) {
                return axon.getObject().repository(aggregateType);
            }
        };
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        if (!cache.containsKey(aggregateIdentifier)) {
            return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        }
        EventSourcedAggregate<T> cached = super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        Optional<Long> latest = eventStore.lastSequenceNumberFor(aggregateIdentifier);
        if (latest.isPresent() && Objects.equals(cached.version(), latest.get())) {
            return cached;
        }
        if (latest.isPresent() && cached.version() != null && latest.get() > cached.version()) {
            // only the events the other node appended are read (a reload reads from the last snapshot, up to 250)
            log.debug("cached {} {} is at {}, the store at {}: applying the events it missed",
                    cached.rootType().getSimpleName(), aggregateIdentifier, cached.version(), latest.get());
            cached.initializeState(eventStore.readEvents(aggregateIdentifier, cached.version() + 1));
            if (cached.isDeleted()) {
                throw new AggregateDeletedException(aggregateIdentifier);
            }
            return cached;
        }
        log.debug("cached {} {} is at {}, the store at {}: loading it again", cached.rootType().getSimpleName(),
                aggregateIdentifier, cached.version(), latest.orElse(null));
        cache.remove(aggregateIdentifier);
        return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
    }
}
