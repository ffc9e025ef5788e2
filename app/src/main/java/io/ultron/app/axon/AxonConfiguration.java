package io.ultron.app.axon;

import io.ultron.app.trace.Trace;
import io.ultron.app.trace.TraceMessageInterceptors;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryBusSpanFactory;
import org.axonframework.queryhandling.QueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Axon wiring shared by both roles: trace ids in metadata and in the MDC of every handler thread. */
@Configuration
public class AxonConfiguration {

    /**
     * {@code correlationId}: the first message of the chain (the REST command); {@code causationId}:
     * the message that directly caused this one. Axon's default keys would call those "traceId" and
     * "correlationId", which would clash with our request trace id.
     */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider("causationId", TraceMessageInterceptors.CORRELATION_ID_KEY);
    }

    @Bean
    CorrelationDataProvider traceCorrelationProvider() {
        return new SimpleCorrelationDataProvider(Trace.METADATA_KEY, Trace.ACTOR_KEY, Trace.ACTOR_KEY_ID_KEY);
    }

    @Bean
    ConfigurerModule traceInterceptorsForEventProcessors() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultHandlerInterceptor((config, processorName) -> TraceMessageInterceptors.handler());
    }

    /** Sagas are locked in the database while a node works on one (see {@link LockingSagaSqlSchema}). */
    @Bean
    SagaSqlSchema sagaSqlSchema() {
        return new LockingSagaSqlSchema();
    }

    /**
     * Axon names a token owner after the JVM ("pid@host"), which two nodes in one JVM or two containers
     * with the same hostname would share, and then both would process every segment.
     */
    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer,
                          @Value("${ultron.node-id}") String nodeId,
                          @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .nodeId(nodeId)
                .claimTimeout(claimTimeout)
                .build();
    }

    /**
     * Axon's embedded event store, but looking for events stored by other nodes every {@code ultron.events.fetch-delay}
     * (100 ms) instead of every second: events this node stores wake its processors at once, events another node
     * stores were seen only after the fetch delay, and every saga hop between an api node and a conductor waited for
     * it. The look is one indexed range query per node while its processors are at the head.
     */
    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration axon,
                                  @Value("${ultron.events.fetch-delay:100ms}") Duration fetchDelay) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axon.getComponent(EventBusSpanFactory.class))
                .fetchDelay(fetchDelay.toMillis())
                .build();
    }

    /**
     * Axon's JDBC storage engine as its auto-configuration builds it (which steps back once an event store is defined),
     * reading {@code ultron.events.read-batch} events per query instead of 100: a processor far behind, such as a
     * projection's rebuild, waited for a query every 100 events.
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer, @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration axon, ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          @Value("${ultron.events.read-batch:1000}") int readBatch) {
        return JdbcEventStorageEngine.builder()
                .batchSize(readBatch)
                .snapshotSerializer(serializer)
                .upcasterChain(axon.upcasterChain())
                .persistenceExceptionResolver(new JdbcSQLErrorCodesResolver())
                .eventSerializer(eventSerializer)
                .snapshotFilter(axon.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(new EventSchema())
                .build();
    }

    /**
     * The gateway every controller and saga uses; commands that lose a race for an aggregate against another
     * node are handled again (see {@link ConcurrentChangeRetryScheduler}).
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus,
                                  @Value("${ultron.commands.concurrency-retries:20}") int retries,
                                  @Value("${ultron.commands.concurrency-retry-base-delay:5ms}") Duration baseDelay) {
        ScheduledExecutorService retryThreads = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(new ConcurrentChangeRetryScheduler(retryThreads, retries, baseDelay.toMillis()))
                .build();
    }

    /**
     * Axon's own query bus, but without a transaction around each query: every SELECT of a query handler then
     * releases its table's metadata lock when it ends. Inside one transaction, a handler reading two view tables
     * could hold the first while a blue/green swap renames both, and MariaDB would end the query as a deadlock
     * victim. The views are eventually consistent anyway; a query gains nothing from a snapshot across tables.
     */
    @Bean
    @Qualifier("localSegment")
    SimpleQueryBus queryBus(org.axonframework.config.Configuration axon) {
        return SimpleQueryBus.builder()
                .messageMonitor(axon.messageMonitor(QueryBus.class, "queryBus"))
                .transactionManager(NoTransactionManager.INSTANCE)
                .errorHandler(axon.getComponent(QueryInvocationErrorHandler.class,
                        () -> LoggingQueryInvocationErrorHandler.builder().build()))
                .queryUpdateEmitter(axon.getComponent(QueryUpdateEmitter.class))
                .spanFactory(axon.getComponent(QueryBusSpanFactory.class))
                .build();
    }
}
