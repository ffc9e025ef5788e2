package io.ultron.sagas;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MetaData;
import org.slf4j.MDC;

/**
 * The trace of an OpenStack task: the metadata that ties a task's outcome to the request that caused it, carried
 * onto the result command, and into the MDC of the callbacks that run on other threads.
 */
public final class TaskTrace {

    private TaskTrace() {
    }

    /** The subset of the task command's metadata its result command carries on. */
    public static MetaData of(CommandMessage<?> message) {
        return message.getMetaData().subset("traceId", "actor", "correlationId");
    }

    public static String traceId(MetaData trace) {
        Object id = trace.get("traceId");
        return id == null ? null : id.toString();
    }

    /** Callbacks run on executor threads: give their log lines the request's trace id too. */
    public static void inMdc(MetaData trace, Runnable work) {
        String traceId = traceId(trace);
        if (traceId != null) {
            MDC.put("traceId", traceId);
        }
        try {
            work.run();
        } finally {
            MDC.remove("traceId");
        }
    }
}
