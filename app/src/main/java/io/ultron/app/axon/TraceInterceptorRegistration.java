package io.ultron.app.axon;

import io.ultron.app.trace.TraceMessageInterceptors;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryBus;
import org.springframework.stereotype.Component;

/** Puts the trace interceptors on the buses once they exist (kept apart from the Axon configuration beans). */
@Component
class TraceInterceptorRegistration {

    TraceInterceptorRegistration(CommandBus commandBus, CommandGateway commandGateway, QueryBus queryBus) {
        commandGateway.registerDispatchInterceptor(TraceMessageInterceptors.dispatch());
        commandBus.registerHandlerInterceptor(TraceMessageInterceptors.handler());
        queryBus.registerHandlerInterceptor(TraceMessageInterceptors.handler());
    }
}
