package io.ultron.sagas.network;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Event processing settings of the network handlers that application.yml cannot express. */
@Configuration(proxyBeanMethods = false)
class NetworkProcessing {

    /**
     * Axon's default logs a handler's exception and moves on; a grant lost that way would leave a cluster without
     * slices in a subnet for ever. Thrown back instead, the processor rolls back and handles the events again.
     */
    @Bean
    ConfigurerModule sliceGrantErrorsAreRetried() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                ClusterSliceGrants.GROUP, config -> PropagatingErrorHandler.instance());
    }
}
