package io.ultron.projections.rebuild;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Statements of one Axon unit of work (a processor's batch of events), sent when it commits as JDBC batches: one per
 * statement text and round, where round n holds the n-th statement written for each aggregate's events. Axon hands
 * one aggregate's events to one thread, in order, and a projection's row belongs to one aggregate (the assumption
 * Axon's per-aggregate sequencing already makes when it spreads aggregates over segments), so the statements of a
 * round touch different rows and may go in any order. Outside a unit of work a statement runs at once.
 */
final class UnitOfWorkBatches implements ViewWrites {

    private final JdbcTemplate jdbc;
    private final String resource = "unit-of-work-batches-" + System.identityHashCode(this);
    private final Consumer<RuntimeException> onFailure;

    /** {@code onFailure} hears of a batch that could not be written, before its unit of work rolls back. */
    UnitOfWorkBatches(JdbcTemplate jdbc, Consumer<RuntimeException> onFailure) {
        this.jdbc = jdbc;
        this.onFailure = onFailure;
    }

    @Override
    public void update(String sql, Object... args) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(sql, args);
            return;
        }
        UnitOfWork<?> unit = CurrentUnitOfWork.get();
        Rounds rounds = unit.root().getOrComputeResource(resource, key -> {
            Rounds created = new Rounds();
            unit.root().onPrepareCommit(u -> write(created));
            return created;
        });
        rounds.add(aggregateOf(unit.getMessage()), sql, args);
    }

    private void write(Rounds rounds) {
        try {
            for (Map<String, List<Object[]>> round : rounds.rounds) {
                round.forEach(jdbc::batchUpdate);
            }
        } catch (RuntimeException e) {
            onFailure.accept(e);
            throw e;
        }
    }

    private static String aggregateOf(Message<?> message) {
        return message instanceof DomainEventMessage<?> event ? event.getAggregateIdentifier() : message.getIdentifier();
    }

    private static final class Rounds {

        final List<Map<String, List<Object[]>>> rounds = new ArrayList<>();
        final Map<String, Integer> statementsPerAggregate = new HashMap<>();

        void add(String aggregate, String sql, Object[] args) {
            int round = statementsPerAggregate.merge(aggregate, 1, Integer::sum) - 1;
            while (rounds.size() <= round) {
                rounds.add(new LinkedHashMap<>());
            }
            rounds.get(round).computeIfAbsent(sql, s -> new ArrayList<>()).add(args);
        }
    }
}
