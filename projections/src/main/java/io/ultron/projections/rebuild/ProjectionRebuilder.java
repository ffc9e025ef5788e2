package io.ultron.projections.rebuild;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import jakarta.annotation.PreDestroy;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Rebuilds a projection blue/green, on a conductor, on a thread of its own (online work never waits for it):
 * <ol>
 *     <li>{@code CREATE TABLE <table>_next LIKE <table>} for each of its tables: the newest schema, since
 *     migrations alter {@code <table>};</li>
 *     <li>read the event store from its first event (gap-aware tracking tokens, as a processor reads) and pass
 *     every event through the projection's own {@code @EventHandler} methods, with its writes redirected to
 *     the {@code _next} tables and sent by writer threads over connections of their own
 *     ({@link RebuildConnections}), in units paced by {@link RebuildPacing}, while the live processor keeps
 *     the tables current and queries keep reading them;</li>
 *     <li>near the head: lock the projection's gate row (live writers wait), apply the last events, swap
 *     all its tables with one atomic {@code RENAME TABLE}, release the gate, drop the old tables.</li>
 * </ol>
 * Queries name the view table as always; during the rename they wait a moment on the table's metadata lock
 * instead of failing. The live processor's token is untouched: after the swap it goes on writing into the
 * new table, and events it applies again are skipped by the handlers' sequence-number guards.
 */
@Component
public class ProjectionRebuilder {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilder.class);

    private final Map<String, RebuildableProjection> projections;
    private final RebuildLedger ledger;
    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final ConnectionProvider connections;
    private final TransactionManager axonTransactions;
    private final ObjectProvider<Configuration> axon;
    private final String nodeId;
    private final int chunk;
    private final int catchUpThreshold;
    private final ExecutorService worker;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final int writers;
    private final ExecutorService writerPool;
    private final RebuildPacing pacing;

    public ProjectionRebuilder(List<RebuildableProjection> projections, ProjectionTables tables, JdbcTemplate jdbc,
                               DataSource dataSource,
                               ConnectionProvider connections, TransactionManager axonTransactions,
                               ObjectProvider<Configuration> axon,
                               @Value("${ultron.node-id}") String nodeId,
                               @Value("${ultron.rebuild.chunk:1000}") int chunk,
                               @Value("${ultron.rebuild.busy-chunk:50}") int busyChunk,
                               @Value("${ultron.rebuild.busy-window:1s}") Duration busyWindow,
                               @Value("${ultron.rebuild.catch-up-threshold:500}") int catchUpThreshold,
                               @Value("${ultron.rebuild.writers:2}") int writers,
                               @Value("${ultron.rebuild.nice:10}") int nice,
                               @Value("${ultron.rebuild.max-yield-per-chunk:50ms}") Duration maxYieldPerChunk,
                               OnlineRequests online) {
        this.writers = writers;
        this.pacing = new RebuildPacing(online, chunk, busyChunk, busyWindow, maxYieldPerChunk);
        // the rebuild takes only the CPU online requests leave: at full speed it would keep two cores busy
        this.worker = Executors.newSingleThreadExecutor(BackgroundThreads.named("projection-rebuild", nice));
        this.writerPool = Executors.newFixedThreadPool(writers, BackgroundThreads.named("projection-rebuild-writer", nice));
        this.projections = projections.stream().collect(Collectors.toMap(RebuildableProjection::processingGroup, Function.identity()));
        this.ledger = new RebuildLedger(jdbc);
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.connections = connections;
        this.axonTransactions = axonTransactions;
        this.axon = axon;
        this.nodeId = nodeId;
        this.chunk = chunk;
        this.catchUpThreshold = catchUpThreshold;
        for (RebuildableProjection projection : projections) {
            jdbc.update("INSERT INTO projection_gate (view_table, processing_group) VALUES (?, ?) "
                    + "ON DUPLICATE KEY UPDATE processing_group = VALUES(processing_group)",
                    projection.table(), projection.processingGroup());
            tables.register(projection);
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
        writerPool.shutdownNow();
    }

    /** Picks up a requested rebuild of a projection this node runs; one rebuild at a time per node. */
    @Scheduled(fixedDelayString = "${ultron.rebuild.poll-interval:1s}")
    void pickUpRequests() {
        if (busy.get()) {
            return;
        }
        try {
            for (String name : ledger.requested()) {
                if (projections.containsKey(name) && busy.compareAndSet(false, true)) {
                    if (ledger.claim(name, nodeId)) {
                        worker.submit(() -> run(projections.get(name)));
                        return;
                    }
                    busy.set(false);
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not look for rebuild requests: {}", e.toString());
        }
    }

    private void run(RebuildableProjection projection) {
        String name = projection.processingGroup();
        Map<String, String> next = new LinkedHashMap<>();
        projection.tables().forEach(table -> next.put(table, table + "_next"));
        try {
            log.info("rebuilding {} into {}", name, next.values());
            for (String table : next.keySet()) {
                jdbc.execute("DROP TABLE IF EXISTS " + table + "_next");
                jdbc.execute("DROP TABLE IF EXISTS " + table + "_old");
                jdbc.execute("CREATE TABLE " + table + "_next LIKE " + table);
            }
            try (RebuildConnections writerConnections = RebuildConnections.open(dataSource, writers)) {
                var run = new Run(name, projection.table(), next, primaryKeys(next.values()), handlerOf(projection),
                        storageEngine(), writerConnections);
                long applied;
                do {
                    applied = run.pass();
                } while (applied > catchUpThreshold);
                switchOver(run);
                run.report();
                ledger.finish(name, RebuildStatus.DONE, "swapped in after " + run.processed + " events");
                log.info("rebuilt {}: {} events", name, run.processed);
            }
        } catch (Exception e) {
            log.error("rebuild of {} failed", name, e);
            ledger.finish(name, RebuildStatus.FAILED, e.toString());
            next.values().forEach(table -> jdbc.execute("DROP TABLE IF EXISTS " + table));
        } finally {
            busy.set(false);
        }
    }

    private void switchOver(Run run) throws SQLException {
        String renames = run.next.entrySet().stream()
                .map(t -> t.getKey() + " TO " + t.getKey() + "_old, " + t.getValue() + " TO " + t.getKey())
                .collect(Collectors.joining(", "));
        try (Connection gate = dataSource.getConnection()) {
            gate.setAutoCommit(false);
            try (var lock = gate.prepareStatement("SELECT view_table FROM projection_gate WHERE view_table = ? FOR UPDATE")) {
                lock.setString(1, run.gate);
                lock.executeQuery().close();
                run.pass();
                jdbc.execute("RENAME TABLE " + renames);
                gate.commit();
            } catch (SQLException | RuntimeException e) {
                gate.rollback();
                throw e;
            }
        }
        run.next.keySet().forEach(table -> jdbc.execute("DROP TABLE " + table + "_old"));
    }

    /** Each table's primary key columns, lower case (see {@link JoinedUpdate}). */
    private Map<String, Set<String>> primaryKeys(Collection<String> tables) throws SQLException {
        Map<String, Set<String>> keys = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            for (String table : tables) {
                Set<String> columns = new HashSet<>();
                try (ResultSet rs = connection.getMetaData().getPrimaryKeys(connection.getCatalog(), null, table)) {
                    while (rs.next()) {
                        columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                }
                keys.put(table, Set.copyOf(columns));
            }
        }
        return keys;
    }

    private static AnnotationEventHandlerAdapter handlerOf(RebuildableProjection projection) {
        Class<?> type = AopUtils.getTargetClass(projection);
        return new AnnotationEventHandlerAdapter(projection, ClasspathParameterResolverFactory.forClass(type));
    }

    /** A reader of its own, with larger batches than the processors' engine. */
    private JdbcEventStorageEngine storageEngine() {
        Configuration configuration = axon.getObject();
        return JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(axonTransactions)
                .eventSerializer(configuration.eventSerializer())
                .snapshotSerializer(configuration.serializer())
                .upcasterChain(configuration.upcasterChain())
                .batchSize(chunk)
                .build();
    }

    /** One rebuild: where it has got to in the event stream and how much it has applied. */
    private final class Run {

        final String name;
        final String gate;
        /** Each read table → the table being rebuilt for it. */
        final Map<String, String> next;
        final Map<String, Set<String>> primaryKeys;
        /** Each collected statement's joined form, worked out once per rebuild rather than once per batch. */
        final Map<String, Optional<JoinedUpdate>> joinedForms = new ConcurrentHashMap<>();
        final AnnotationEventHandlerAdapter handler;
        final JdbcEventStorageEngine engine;
        final RebuildConnections writerConnections;
        final List<Future<?>> writing = new ArrayList<>();
        TrackingToken token;
        TrackingToken writingToken;
        int writingCount;
        long processed;
        long lastReport;

        Run(String name, String gate, Map<String, String> next, Map<String, Set<String>> primaryKeys,
            AnnotationEventHandlerAdapter handler, JdbcEventStorageEngine engine, RebuildConnections writerConnections) {
            this.name = name;
            this.gate = gate;
            this.next = next;
            this.primaryKeys = primaryKeys;
            this.handler = handler;
            this.engine = engine;
            this.writerConnections = writerConnections;
        }

        Optional<JoinedUpdate> joinedForm(String sql) {
            return joinedForms.computeIfAbsent(sql, form -> JoinedUpdate.of(form, primaryKeys));
        }

        /** Applies everything stored after {@link #token}; returns how many events that was. */
        long pass() {
            long applied = 0;
            while (true) {
                // a stream can end early at a gap in the global index: read on until one brings nothing
                long batch = 0;
                try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(token, false)) {
                    Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
                    List<TrackedEventMessage<?>> pending = new ArrayList<>(chunk);
                    while (iterator.hasNext()) {
                        pending.add(iterator.next());
                        if (pending.size() == chunk || !iterator.hasNext()) {
                            applyInUnits(pending);
                            batch += pending.size();
                            pending = new ArrayList<>(chunk);
                        }
                    }
                } finally {
                    awaitWrites();
                }
                if (batch == 0) {
                    return applied;
                }
                applied += batch;
            }
        }

        /** Applies one chunk of events, in units as {@link RebuildPacing} allows; a short chunk means the head. */
        private void applyInUnits(List<TrackedEventMessage<?>> events) {
            boolean behind = events.size() == chunk;
            int from = 0;
            while (from < events.size()) {
                RebuildPacing.Unit unit = pacing.nextUnit(behind);
                int to = Math.min(events.size(), from + unit.events());
                apply(events.subList(from, to), unit);
                from = to;
            }
        }

        /**
         * Runs the unit's events through the handlers on this thread, then hands the collected statements
         * to the writers (one transaction per partition of rows) and returns while they write: the next
         * unit is handled meanwhile, and written only after this one has committed.
         */
        private void apply(List<TrackedEventMessage<?>> events, RebuildPacing.Unit unit) {
            var partitions = ProjectionTables.collect(next, writers, () -> {
                for (TrackedEventMessage<?> event : events) {
                    try {
                        if (handler.canHandle(event)) {
                            handler.handle(event);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("event " + event.getIdentifier() + " failed: " + e.getMessage(), e);
                    }
                }
            });
            awaitWrites();
            for (var rounds : partitions) {
                if (!rounds.isEmpty()) {
                    writing.add(writerPool.submit(() -> {
                        pacing.beforeWrite(unit);
                        writerConnections.transactions.executeWithoutResult(
                                s -> ProjectionTables.write(writerConnections.jdbc, rounds, this::joinedForm));
                    }));
                }
            }
            writingToken = events.get(events.size() - 1).trackingToken();
            writingCount = events.size();
        }

        /** Waits for the chunk being written; only then does the rebuild's position move past it. */
        private void awaitWrites() {
            try {
                for (Future<?> write : writing) {
                    write.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("writing the rebuilt view failed", e.getCause());
            } finally {
                writing.clear();
            }
            if (writingToken != null) {
                token = writingToken;
                processed += writingCount;
                writingToken = null;
                writingCount = 0;
                if (System.currentTimeMillis() - lastReport >= 1000) {
                    report();
                }
            }
        }

        void report() {
            lastReport = System.currentTimeMillis();
            Long head = jdbc.queryForObject("SELECT MAX(globalIndex) FROM DomainEventEntry", Long.class);
            long position = token == null ? 0 : token.position().orElse(0);
            ledger.progress(name, processed, position, head == null ? 0 : head);
        }
    }
}
