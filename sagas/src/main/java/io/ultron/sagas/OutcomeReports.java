package io.ultron.sagas;

import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import jakarta.annotation.PreDestroy;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends the result command of an OpenStack task (what Neutron or Nova answered) to its aggregate. A result that
 * cannot be recorded right now (the database was briefly away, a lost race beyond the gateway's own retries) is
 * sent again with backoff instead of being logged and dropped: a dropped result left a subnet's pools PENDING for
 * good. Only malformed input is final. Should this node die first, the saga's watchdog sends the step again and
 * the step reports anew, so keeping the retries in memory loses nothing.
 */
@Component
public class OutcomeReports {

    private static final Logger log = LoggerFactory.getLogger(OutcomeReports.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY = Duration.ofSeconds(10);

    private final CommandGateway commands;
    private final int maxTries;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outcome-retry");
        thread.setDaemon(true);
        return thread;
    });

    public OutcomeReports(CommandGateway commands, @Value("${ultron.tasks.outcome-tries:8}") int maxTries) {
        this.commands = commands;
        this.maxTries = maxTries;
    }

    /** Records {@code result} under the task's trace, trying again until it is recorded or refused as malformed. */
    public void send(Object result, MetaData trace) {
        attempt(result, trace, 1);
    }

    private void attempt(Object result, MetaData trace, int tries) {
        commands.send(GenericCommandMessage.asCommandMessage(result).andMetaData(trace))
                .exceptionally(failure -> {
                    Throwable cause = Failures.cause(failure);
                    if (final_(cause) || tries >= maxTries || retries.isShutdown()) {
                        TaskTrace.inMdc(trace, () -> log.warn("outcome {} not recorded after {} tries ({}); the saga's "
                                + "watchdog sends its step again", result, tries, cause.toString()));
                    } else {
                        TaskTrace.inMdc(trace, () -> log.info("outcome {} not recorded yet ({}); trying again",
                                result.getClass().getSimpleName(), cause.toString()));
                        schedule(() -> attempt(result, trace, tries + 1), Backoff.exponential(tries, FIRST_RETRY, MAX_RETRY));
                    }
                    return null;
                });
    }

    private void schedule(Runnable retry, Duration delay) {
        try {
            retries.schedule(retry, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            log.debug("node stopping; the saga's watchdog sends the step again elsewhere");
        }
    }

    private static boolean final_(Throwable cause) {
        return cause instanceof DomainException refused && refused.kind() == ErrorKind.BAD_INPUT;
    }


    @PreDestroy
    void stop() {
        retries.shutdownNow();
    }
}
