package io.ultron.app.axon;

import io.ultron.app.trace.Trace;
import io.ultron.app.trace.TraceMessageInterceptors;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
}
