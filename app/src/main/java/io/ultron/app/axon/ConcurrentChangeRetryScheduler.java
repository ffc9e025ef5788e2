package io.ultron.app.axon;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Retries a command only when it lost a race: another node appended to the same aggregate first (the event
 * store's unique sequence number refused the second append, and the command changed nothing). The command is
 * handled again on fresh state after a short, jittered, growing pause. Every other failure is an answer.
 */
class ConcurrentChangeRetryScheduler implements RetryScheduler {

    private static final Logger log = LoggerFactory.getLogger(ConcurrentChangeRetryScheduler.class);

    private final ScheduledExecutorService executor;
    private final int maxRetries;
    private final long baseDelayMillis;

    ConcurrentChangeRetryScheduler(ScheduledExecutorService executor, int maxRetries, long baseDelayMillis) {
        this.executor = executor;
        this.maxRetries = maxRetries;
        this.baseDelayMillis = baseDelayMillis;
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable dispatchTask) {
        if (!lostARace(lastFailure) || failures.size() > maxRetries) {
            return false;
        }
        log.debug("{} lost a race for its aggregate ({} so far); handling it again", commandMessage.getPayloadType().getSimpleName(),
                failures.size());
        long ceiling = baseDelayMillis << Math.min(failures.size() - 1, 6);
        long delay = ThreadLocalRandom.current().nextLong(1, ceiling + 2);
        executor.schedule(dispatchTask, delay, TimeUnit.MILLISECONDS);
        return true;
    }

    static boolean lostARace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
