package io.ultron.app.conductor;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.exceptions.ExecutionException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sagas' persistent deadlines: Axon's db-scheduler deadline manager, as Axon's auto-configuration builds it,
 * except that cancelling a deadline that is firing at that very moment is not an error (see
 * {@link RaceTolerantDeadlineManager}). Only where db-scheduler runs (conductors, see RoleDefaults).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "db-scheduler", name = "enabled", havingValue = "true", matchIfMissing = true)
class DeadlineConfiguration {

    @Bean
    DbSchedulerDeadlineManager deadlineManager(Scheduler scheduler, org.axonframework.config.Configuration axon,
                                               Serializer serializer, TransactionManager transactionManager,
                                               DeadlineManagerSpanFactory spanFactory) {
        return new RaceTolerantDeadlineManager(DbSchedulerDeadlineManager.builder()
                .scheduler(scheduler)
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(axon))
                .serializer(serializer)
                .transactionManager(transactionManager)
                .spanFactory(spanFactory)
                .startScheduler(false)
                .stopScheduler(false), scheduler);
    }

    /**
     * db-scheduler cancels by reading the execution, then deleting it at the version it read. When the scheduler
     * picks the deadline in between, the delete finds nothing ("Expected one execution to be removed, but removed
     * 0. Indicates a bug."), or the read finds it picked: the deadline is firing. Axon lets either exception out of
     * the saga's unit of work, which aborted the whole event batch of the processor segment and stalled it for
     * seconds, with a stack trace. A deadline that fires although its saga has moved on is harmless (every
     * handler checks the step and attempt it was scheduled for), so such a cancel has nothing left to do.
     */
    static final class RaceTolerantDeadlineManager extends DbSchedulerDeadlineManager {

        private static final Logger log = LoggerFactory.getLogger(RaceTolerantDeadlineManager.class);

        private final Scheduler scheduler;

        RaceTolerantDeadlineManager(Builder builder, Scheduler scheduler) {
            super(builder);
            this.scheduler = scheduler;
        }

        @Override
        public void cancelSchedule(String deadlineName, String scheduleId) {
            runOnPrepareCommitOrNow(() -> {
                try {
                    scheduler.cancel(new DbSchedulerDeadlineToken(scheduleId));
                } catch (TaskInstanceNotFoundException alreadyGone) {
                    log.debug("deadline {} [{}] already fired or was cancelled", deadlineName, scheduleId);
                } catch (TaskInstanceCurrentlyExecutingException | ExecutionException firing) {
                    log.debug("deadline {} [{}] is firing as it is cancelled; its handler will find it late",
                            deadlineName, scheduleId);
                }
            });
        }
    }
}
