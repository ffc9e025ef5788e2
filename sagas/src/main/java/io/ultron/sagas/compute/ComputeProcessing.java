package io.ultron.sagas.compute;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Event processing settings of the compute handlers that application.yml cannot express. */
@Configuration(proxyBeanMethods = false)
class ComputeProcessing {

    /**
     * Axon's default logs a handler's exception and moves on; a settlement lost that way would leave its batch
     * incomplete for ever. Thrown back instead, the processor rolls back and handles the events again.
     */
    @Bean
    ConfigurerModule batchProgressErrorsAreRetried() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                BatchProgressTracker.GROUP, config -> PropagatingErrorHandler.instance());
    }
}
