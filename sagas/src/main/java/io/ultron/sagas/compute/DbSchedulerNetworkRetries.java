package io.ultron.sagas.compute;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceException;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import java.time.Duration;
import java.time.Instant;

/**
 * The network step's retries as db-scheduler executions (the scheduler of the sagas' deadlines): stored, so a retry
 * outlives the conductor that scheduled it, and run by whichever conductor picks it, at the scheduler's polling pace
 * ({@code db-scheduler.polling-interval}). Should the database refuse the retry, the step's watchdog sends the step
 * again once its node's lease lapses.
 */
@Configuration(proxyBeanMethods = false)
class DbSchedulerNetworkRetries implements NetworkRetries {

    static final TaskDescriptor<PendingNetwork> RETRY = TaskDescriptor.of("server-network-retry", PendingNetwork.class);

    private static final Logger log = LoggerFactory.getLogger(DbSchedulerNetworkRetries.class);

    /** The scheduler needs this class's task, and this class the scheduler: it is looked up when first used. */
    private final ObjectProvider<SchedulerClient> scheduler;

    DbSchedulerNetworkRetries(ObjectProvider<SchedulerClient> scheduler) {
        this.scheduler = scheduler;
    }

    @Bean
    OneTimeTask<PendingNetwork> serverNetworkRetry(@Lazy ServerNetworkTasks tasks) {
        return Tasks.oneTime(RETRY).execute((instance, context) -> tasks.retry(instance.getData()));
    }

    @Override
    public void later(PendingNetwork pending, Duration delay) {
        try {
            scheduler.getObject().schedule(RETRY.instance(pending.retryId()).data(pending).scheduledTo(Instant.now().plus(delay)));
        } catch (TaskInstanceException scheduledAlready) {
            log.debug("retry {} of the network step is scheduled already", pending.retryId());
        } catch (RuntimeException databaseAway) {
            log.warn("the network step of {} could not be scheduled again ({}); its watchdog sends it again",
                    pending.serverId(), databaseAway.toString());
        }
    }
}
