package io.ultron.app.trace;

import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Carries the trace id between threads through message metadata: dispatch copies it from the MDC into
 * the message, handling copies it from the message into the MDC of whatever thread handles it.
 */
public final class TraceMessageInterceptors {

    public static final String CORRELATION_ID_KEY = "correlationId";

    private TraceMessageInterceptors() {
    }

    public static <M extends Message<?>> MessageDispatchInterceptor<M> dispatch() {
        return new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, M, M> handle(List<? extends M> messages) {
                return (index, message) -> withTrace(message);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <M extends Message<?>> M withTrace(M message) {
        Map<String, Object> extra = new HashMap<>();
        var meta = message.getMetaData();
        if (!meta.containsKey(Trace.METADATA_KEY)) {
            String fromMdc = MDC.get(Trace.MDC_KEY);
            extra.put(Trace.METADATA_KEY, fromMdc != null ? fromMdc : Trace.newId());
        }
        if (!meta.containsKey(Trace.ACTOR_KEY)) {
            String actor = MDC.get(Trace.ACTOR_KEY);
            extra.put(Trace.ACTOR_KEY, actor != null ? actor : "system");
            String keyId = MDC.get(Trace.ACTOR_KEY_ID_KEY);
            if (keyId != null && !meta.containsKey(Trace.ACTOR_KEY_ID_KEY)) {
                extra.put(Trace.ACTOR_KEY_ID_KEY, keyId);
            }
        }
        if (!meta.containsKey(CORRELATION_ID_KEY)) {
            // a message sent outside any handler starts a chain: it correlates with itself
            extra.put(CORRELATION_ID_KEY, message.getIdentifier());
        }
        return extra.isEmpty() ? message : (M) message.andMetaData(extra);
    }

    public static <M extends Message<?>> MessageHandlerInterceptor<M> handler() {
        return (UnitOfWork<? extends M> unitOfWork, InterceptorChain chain) -> {
            var meta = unitOfWork.getMessage().getMetaData();
            String previousTrace = MDC.get(Trace.MDC_KEY);
            String previousActor = MDC.get(Trace.ACTOR_KEY);
            String previousKeyId = MDC.get(Trace.ACTOR_KEY_ID_KEY);
            put(Trace.MDC_KEY, (String) meta.get(Trace.METADATA_KEY));
            put(Trace.ACTOR_KEY, (String) meta.get(Trace.ACTOR_KEY));
            put(Trace.ACTOR_KEY_ID_KEY, (String) meta.get(Trace.ACTOR_KEY_ID_KEY));
            try {
                return chain.proceed();
            } finally {
                put(Trace.MDC_KEY, previousTrace);
                put(Trace.ACTOR_KEY, previousActor);
                put(Trace.ACTOR_KEY_ID_KEY, previousKeyId);
            }
        };
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
