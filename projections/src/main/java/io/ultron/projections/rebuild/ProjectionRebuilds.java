package io.ultron.projections.rebuild;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Rebuilds projections blue/green on Axon's own machinery. The projection's next version is a processing group of its
 * own, {@code <group>.rebuild}: a pooled streaming processor that every conductor starts, with the projection's
 * handlers writing into {@code <table>_next} tables, from the first event, their statements sent as JDBC batches when
 * each unit of work commits ({@link UnitOfWorkBatches}). Axon's token claims share its segments between the conductors
 * and hand a dead conductor's segments to another. While online requests arrive anywhere in the fleet it reads at a
 * gentler pace ({@link PacedEventSource}). Meanwhile the live group serves from the tables it always had. Near
 * the head one conductor switches over:
 * <ol>
 *     <li>it fences the live group's tokens (see {@link ProcessorTokens}): the live tables stop changing at the
 *     position they hold;</li>
 *     <li>it waits until the rebuild has seen everything the live group has, fences the rebuild too, and swaps all
 *     the projection's tables with one {@code RENAME TABLE} (queries name the tables as always, and wait a moment on
 *     their metadata lock);</li>
 *     <li>it lifts the live group's fence: the live group goes on, now in the new tables, from its own position,
 *     applying again the few events the rebuild had already applied, which the idempotent handlers skip; the old
 *     tables are dropped and the rebuild's group ends.</li>
 * </ol>
 * A switch that cannot finish in time lifts its fences and is tried again; one whose node died is finished (or
 * undone) by another conductor. Fences outlive a dead node only for the token claim timeout, and the steps are
 * ordered so that either way no event is lost.
 */
@Component
public class ProjectionRebuilds {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);
    private static final String NEXT = "_next";
    private static final String OLD = "_old";
    /** The owner a switching conductor writes into fenced token rows, followed by its node id. */
    private static final String FENCE_PREFIX = "rebuild-switch:";
    /** A switch whose node has not moved it on for this long is finished or undone by another conductor. */
    private static final Duration SWITCH_STALE_AFTER = Duration.ofSeconds(30);
    /** Fenced tokens must be switched well within the token claim timeout, after which processors may claim them. */
    private static final Duration SWITCH_CATCH_UP = Duration.ofSeconds(2);
    private static final int SWITCH_LOCK_WAIT_SECONDS = 2;
    private static final Duration SEGMENT_POSITION_INTERVAL = Duration.ofMillis(250);
    private static final Duration COORDINATOR_MAX_PAUSE = Duration.ofMillis(5);
    /** How often a rebuild processor without segments tries to claim some (a conductor died: claim its segments soon). */
    private static final Duration CLAIM_INTERVAL = Duration.ofSeconds(1);

    private final Map<String, RebuildableProjection> projections;
    private final RebuildLedger ledger;
    private final ProcessorTokens tokens;
    private final JdbcTemplate jdbc;
    private final TokenStore tokenStore;
    private final TransactionManager axonTransactions;
    private final EventStore events;
    private final String nodeId;
    private final Duration pollInterval;
    private final int segments;
    private final int batchSize;
    private final long catchUpThreshold;
    private final OnlineTraffic onlineTraffic;
    private final long busyRate;
    /** This node's running rebuild processors, by projection; touched only by the reconciling thread. */
    private final Map<String, RunningRebuild> running = new HashMap<>();
    private final ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "projection-rebuilds"));

    public ProjectionRebuilds(List<RebuildableProjection> projections, JdbcTemplate jdbc, PlatformTransactionManager transactions,
                              Serializer serializer, TokenStore tokenStore, TransactionManager axonTransactions,
                              EventStore events,
                              @Value("${ultron.node-id}") String nodeId,
                              @Value("${ultron.rebuild.poll-interval:1s}") Duration pollInterval,
                              @Value("${ultron.rebuild.segments:2}") int segments,
                              @Value("${ultron.rebuild.batch-size:1000}") int batchSize,
                              @Value("${ultron.rebuild.catch-up-threshold:1000}") long catchUpThreshold,
                              ObjectProvider<OnlineTraffic> onlineTraffic,
                              @Value("${ultron.rebuild.busy-rate:500}") long busyRate) {
        this.projections = projections.stream().collect(Collectors.toMap(RebuildableProjection::processingGroup, Function.identity()));
        this.ledger = new RebuildLedger(jdbc);
        this.tokens = new ProcessorTokens(jdbc, new TransactionTemplate(transactions), serializer);
        this.jdbc = jdbc;
        this.tokenStore = tokenStore;
        this.axonTransactions = axonTransactions;
        this.events = events;
        this.nodeId = nodeId;
        this.pollInterval = pollInterval;
        this.segments = segments;
        this.batchSize = batchSize;
        this.catchUpThreshold = catchUpThreshold;
        this.onlineTraffic = onlineTraffic.getIfAvailable(() -> OnlineTraffic.NONE);
        this.busyRate = busyRate;
    }

    @PostConstruct
    void start() {
        this.projections.keySet().forEach(ledger::register);
        reconciler.scheduleWithFixedDelay(this::reconcile, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        reconciler.shutdownNow();
        reconciler.awaitTermination(10, TimeUnit.SECONDS);
        running.values().forEach(RunningRebuild::stop);
    }

    /** Brings this node in line with each projection's rebuild as the ledger records it. */
    private void reconcile() {
        for (RebuildableProjection projection : projections.values()) {
            String name = projection.processingGroup();
            try {
                String state = ledger.status(name).map(RebuildStatus::state).orElse(RebuildStatus.DONE);
                switch (state) {
                    case RebuildStatus.REQUESTED -> prepare(projection);
                    case RebuildStatus.RUNNING -> {
                        run(projection);
                        if (caughtUp(projection)) {
                            switchOver(projection);
                        }
                    }
                    case RebuildStatus.SWITCHING -> {
                        run(projection);
                        if (ledger.takeOver(name, RebuildStatus.SWITCHING, SWITCH_STALE_AFTER, nodeId)) {
                            recoverSwitch(projection);
                        }
                    }
                    default -> stopLocally(name);
                }
            } catch (RuntimeException e) {
                log.warn("rebuild of {}: {}", name, e.toString());
            }
        }
    }

    /** One conductor makes the new tables (the newest schema: migrations alter the live tables) and the group's tokens. */
    private void prepare(RebuildableProjection projection) {
        String name = projection.processingGroup();
        stopLocally(name);
        if (!ledger.move(name, RebuildStatus.REQUESTED, RebuildStatus.PREPARING, nodeId)) {
            return;
        }
        try {
            for (String table : projection.tables()) {
                jdbc.execute("DROP TABLE IF EXISTS " + table + NEXT);
                jdbc.execute("DROP TABLE IF EXISTS " + table + OLD);
                jdbc.execute("CREATE TABLE " + table + NEXT + " LIKE " + table);
            }
            tokens.delete(rebuildGroup(name));
            axonTransactions.executeInTransaction(() ->
                    tokenStore.initializeTokenSegments(rebuildGroup(name), segments, events.createTailToken()));
            ledger.move(name, RebuildStatus.PREPARING, RebuildStatus.RUNNING, nodeId);
            log.info("rebuilding {} into {}", name, projection.tables().stream().map(t -> t + NEXT).toList());
        } catch (RuntimeException e) {
            fail(projection, RebuildStatus.PREPARING, e);
        }
    }

    /** Runs the rebuild's processing group on this node too, and reports progress while it holds a segment. */
    private void run(RebuildableProjection projection) {
        String name = projection.processingGroup();
        RunningRebuild rebuild = running.computeIfAbsent(name, n -> startProcessor(projection));
        if (!rebuild.processor().processingStatus().isEmpty()) {
            long position = ProcessorTokens.position(tokens.read(rebuildGroup(name)));
            ledger.progress(name, processed(position), position, head());
        }
    }

    /** Events up to {@code position}: the global index counts from the first event's. */
    private long processed(long position) {
        Long first = jdbc.queryForObject("SELECT MIN(globalIndex) FROM DomainEventEntry", Long.class);
        return first == null ? 0 : Math.max(0, position - first + 1);
    }

    private long head() {
        Long head = jdbc.queryForObject("SELECT MAX(globalIndex) FROM DomainEventEntry", Long.class);
        return head == null ? 0 : head;
    }

    private boolean caughtUp(RebuildableProjection projection) {
        String name = projection.processingGroup();
        long live = ProcessorTokens.position(tokens.read(name));
        long rebuilt = ProcessorTokens.position(tokens.read(rebuildGroup(name)));
        return rebuilt > 0 && live - rebuilt <= catchUpThreshold;
    }

    private void switchOver(RebuildableProjection projection) {
        String name = projection.processingGroup();
        if (!ledger.move(name, RebuildStatus.RUNNING, RebuildStatus.SWITCHING, nodeId)) {
            return;
        }
        String fence = fence();
        String rebuildGroup = rebuildGroup(name);
        long started = System.nanoTime();
        long rebuilt;
        try {
            List<TrackingToken> live = tokens.fence(name, fence);
            if (!awaitCovered(rebuildGroup, live)) {
                undoSwitch(name, fence, "the rebuild did not catch up with the live view within " + SWITCH_CATCH_UP.toMillis() + " ms");
                return;
            }
            rebuilt = ProcessorTokens.position(tokens.fence(rebuildGroup, fence));
            renameTables(projection);
        } catch (RuntimeException e) {
            undoSwitch(name, fence, e.toString());
            return;
        }
        finishSwitch(projection, fence, rebuilt, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Waits until every segment of the rebuild has seen what every live segment has; false after {@link #SWITCH_CATCH_UP}. */
    private boolean awaitCovered(String rebuildGroup, List<TrackingToken> live) {
        long deadline = System.nanoTime() + SWITCH_CATCH_UP.toNanos();
        while (!ProcessorTokens.covers(tokens.read(rebuildGroup), live)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** All the projection's tables at once: the new ones in, the old ones aside. Gives up rather than wait long for a lock. */
    private void renameTables(RebuildableProjection projection) {
        String renames = projection.tables().stream()
                .map(t -> t + " TO " + t + OLD + ", " + t + NEXT + " TO " + t)
                .collect(Collectors.joining(", "));
        jdbc.execute((java.sql.Connection connection) -> {
            try (var statement = connection.createStatement()) {
                statement.execute("SET SESSION lock_wait_timeout = " + SWITCH_LOCK_WAIT_SECONDS);
                try {
                    statement.execute("RENAME TABLE " + renames);
                } finally {
                    statement.execute("SET SESSION lock_wait_timeout = DEFAULT");
                }
            }
            return null;
        });
    }

    private void finishSwitch(RebuildableProjection projection, String fence, long position, Duration took) {
        String name = projection.processingGroup();
        tokens.lift(name, fence);
        // every node's rebuild processor lost its segments to the fence: none stores a token again
        stopLocally(name);
        tokens.delete(rebuildGroup(name));
        projection.tables().forEach(table -> jdbc.execute("DROP TABLE IF EXISTS " + table + OLD));
        ledger.switched(name, processed(position), position, head(), "switched over in " + took.toMillis() + " ms");
        log.info("rebuilt {}: switched over in {} ms", name, took.toMillis());
    }

    private void undoSwitch(String name, String fence, String why) {
        tokens.lift(name, fence);
        tokens.lift(rebuildGroup(name), fence);
        ledger.move(name, RebuildStatus.SWITCHING, RebuildStatus.RUNNING, nodeId);
        log.info("switching {} over put off: {}", name, why);
    }

    /**
     * The node switching over died. Before its rename the old tables still serve and both groups go on once their fences
     * time out: the switch starts again. After it, the live group's fence is lifted as the switch would have done.
     */
    private void recoverSwitch(RebuildableProjection projection) {
        String name = projection.processingGroup();
        boolean renamed = projection.tables().stream().noneMatch(table -> exists(table + NEXT));
        if (renamed) {
            tokens.liftAny(FENCE_PREFIX, name);
            stopLocally(name);
            tokens.delete(rebuildGroup(name));
            projection.tables().forEach(table -> jdbc.execute("DROP TABLE IF EXISTS " + table + OLD));
            ledger.finish(name, RebuildStatus.SWITCHING, RebuildStatus.DONE, "switched over; finished by " + nodeId);
        } else {
            tokens.liftAny(FENCE_PREFIX, name, rebuildGroup(name));
            ledger.move(name, RebuildStatus.SWITCHING, RebuildStatus.RUNNING, nodeId);
        }
        log.info("took over the switch of {} from a node that stopped ({})", name, renamed ? "finished" : "to be tried again");
    }

    private void fail(RebuildableProjection projection, String from, Exception e) {
        String name = projection.processingGroup();
        log.error("rebuild of {} failed", name, e);
        if (ledger.finish(name, from, RebuildStatus.FAILED, e.toString())) {
            projection.tables().forEach(table -> jdbc.execute("DROP TABLE IF EXISTS " + table + NEXT));
        }
    }

    private RunningRebuild startProcessor(RebuildableProjection projection) {
        String name = projection.processingGroup();
        EventHandlerInvoker handlers = SimpleEventHandlerInvoker.builder()
                .eventHandlers(projection.writingInto(table -> table + NEXT,
                        new UnitOfWorkBatches(jdbc, e -> fail(projection, RebuildStatus.RUNNING, e))))
                .build();
        ScheduledExecutorService coordinator = new CappedDelayScheduler("rebuild-coordinator-" + name, COORDINATOR_MAX_PAUSE,
                CLAIM_INTERVAL);
        ScheduledExecutorService workers = Executors.newScheduledThreadPool(segments,
                runnable -> new Thread(runnable, "rebuild-worker-" + name));
        PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                .name(rebuildGroup(name))
                .eventHandlerInvoker(handlers)
                // a handler that fails on an event fails the rebuild: retrying would fail the same way, for ever
                .errorHandler(error -> {
                    Exception cause = error.error() instanceof Exception e ? e : new IllegalStateException(error.error());
                    fail(projection, RebuildStatus.RUNNING, cause);
                    throw cause;
                })
                .messageSource(new PacedEventSource(events, onlineTraffic, busyRate))
                .tokenStore(tokenStore)
                .transactionManager(axonTransactions)
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(segments)
                .batchSize(batchSize)
                .tokenClaimInterval(CLAIM_INTERVAL.toMillis())
                // a segment with no events of its own stores its position only this often; the switch-over waits for it
                .claimExtensionThreshold(SEGMENT_POSITION_INTERVAL.toMillis())
                .build();
        processor.start();
        return new RunningRebuild(processor, coordinator, workers);
    }

    private void stopLocally(String name) {
        RunningRebuild rebuild = running.remove(name);
        if (rebuild != null) {
            rebuild.stop();
        }
    }

    private boolean exists(String table) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?",
                Integer.class, table);
        return count != null && count > 0;
    }

    private String fence() {
        return FENCE_PREFIX + nodeId;
    }

    static String rebuildGroup(String projection) {
        return projection + ".rebuild";
    }

    private record RunningRebuild(PooledStreamingEventProcessor processor, ScheduledExecutorService coordinator,
                                  ScheduledExecutorService workers) {

        void stop() {
            try {
                processor.shutDown();
            } finally {
                coordinator.shutdownNow();
                workers.shutdownNow();
            }
        }
    }
}
