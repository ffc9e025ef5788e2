package io.ultron.projections.support;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hands events to a projection the way an event processor does: Axon's annotation adapter picks the
 * {@code @EventHandler} and resolves its parameters (payload, {@code @SequenceNumber}, {@code @Timestamp},
 * {@code @MetaDataValue}, {@code TrackingToken}, the message), inside a unit of work with a Spring transaction on the
 * projection's data source.
 */
public final class Projector {

    private final AnnotationEventHandlerAdapter handler;
    private final TransactionManager transactions;

    public Projector(Object projection, DataSource dataSource) {
        this.handler = new AnnotationEventHandlerAdapter(projection, ClasspathParameterResolverFactory.forClass(projection.getClass()));
        this.transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
    }

    /** Each message in a unit of work of its own, in order; fails when no handler takes one or a handler throws. */
    public void deliver(EventMessage<?>... messages) {
        for (EventMessage<?> message : messages) {
            // the adapter silently ignores what no handler matches (a parameter it cannot resolve included): a test must not
            if (!handler.canHandle(message)) {
                throw new AssertionError(handler.getTargetType().getSimpleName() + " has no handler for " + message);
            }
            DefaultUnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(message);
            unitOfWork.attachTransaction(transactions);
            ResultMessage<Object> result = unitOfWork.executeWithResult(() -> handler.handle(message),
                    RollbackConfigurationType.ANY_THROWABLE);
            if (result.isExceptional()) {
                throw new AssertionError("handling " + message.getPayloadType().getSimpleName() + " failed", result.exceptionResult());
            }
        }
    }

    /**
     * Delivers {@code history}, handled already, again: newest first, so that the newest event arrives twice and every
     * other one after a newer event of its aggregate, checking after each that {@code state} reads as before; then
     * from the start again, as a replay does.
     */
    public void assertRedeliveryChangesNothing(List<? extends EventMessage<?>> history, Supplier<?> state) {
        Object before = state.get();
        List<EventMessage<?>> newestFirst = new ArrayList<>(history);
        Collections.reverse(newestFirst);
        for (EventMessage<?> message : newestFirst) {
            deliver(message);
            assertThat(state.get()).as("after redelivering %s", message.getPayloadType().getSimpleName()).isEqualTo(before);
        }
        history.forEach(this::deliver);
        assertThat(state.get()).as("after a replay from the start").isEqualTo(before);
    }
}
