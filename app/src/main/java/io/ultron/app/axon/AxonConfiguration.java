package io.ultron.app.axon;

import io.ultron.app.trace.Trace;
import io.ultron.app.trace.TraceMessageInterceptors;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

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
        return new SimpleCorrelationDataProvider(Trace.METADATA_KEY, Trace.ACTOR_KEY);
    }

    @Bean
    ConfigurerModule traceInterceptorsForEventProcessors() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultHandlerInterceptor((config, processorName) -> TraceMessageInterceptors.handler());
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
}
