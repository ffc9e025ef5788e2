package io.ultron.app.conductor;

import io.ultron.app.roles.Roles;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.common.transaction.TransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * Spreads event-processor segments over the live conductors. Without Axon Server nothing balances
 * claims: the first node up takes every segment and the others idle. Each conductor heartbeats into a
 * Redis sorted set; a node holding more than its fair share of a processor's segments releases the
 * surplus, which the other nodes then claim through the token store. A dead node stops heartbeating and
 * its claims time out, so the survivors take everything again.
 */
@Component
@Conditional(Roles.IsConductor.class)
class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final TransactionManager transactions;
    private final StringRedisTemplate redis;
    private final String nodeId;
    private final String membersKey;
    private final Duration liveness;
    private final Clock clock;

    SegmentBalancer(EventProcessingConfiguration processing, TokenStore tokenStore, TransactionManager transactions,
                    StringRedisTemplate redis, @Value("${ultron.node-id}") String nodeId,
                    @Value("${ultron.redis.key-prefix}") String keyPrefix,
                    @Value("${ultron.conductor.balance-interval:5s}") Duration interval) {
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.transactions = transactions;
        this.redis = redis;
        this.nodeId = nodeId;
        this.membersKey = keyPrefix + "conductors";
        this.liveness = interval.multipliedBy(3);
        this.clock = Clock.systemUTC();
    }

    @Scheduled(fixedDelayString = "${ultron.conductor.balance-interval:5s}", initialDelayString = "${ultron.conductor.balance-interval:5s}")
    void balance() {
        try {
            int conductors = heartbeatAndCountLiveConductors();
            processing.eventProcessors().forEach((name, processor) -> {
                if (processor instanceof StreamingEventProcessor streaming && streaming.isRunning()) {
                    releaseSurplus(name, streaming, conductors);
                }
            });
        } catch (RuntimeException e) {
            // balancing is an optimisation: processing goes on unbalanced until the next round
            log.warn("segment balancing skipped: {}", e.toString());
        }
    }

    private int heartbeatAndCountLiveConductors() {
        long now = clock.millis();
        redis.opsForZSet().add(membersKey, nodeId, now);
        redis.opsForZSet().removeRangeByScore(membersKey, 0, now - liveness.toMillis());
        Long live = redis.opsForZSet().zCard(membersKey);
        return live == null || live < 1 ? 1 : live.intValue();
    }

    private void releaseSurplus(String name, StreamingEventProcessor processor, int conductors) {
        int total = transactions.fetchInTransaction(() -> tokenStore.fetchSegments(name)).length;
        int fairShare = (total + conductors - 1) / conductors;
        var claimed = processor.processingStatus().keySet().stream().sorted().toList();
        int surplus = claimed.size() - fairShare;
        for (int i = 0; i < surplus; i++) {
            int segment = claimed.get(claimed.size() - 1 - i);
            log.info("releasing segment {} of {} ({} claimed, fair share {} of {} over {} conductors)",
                    segment, name, claimed.size(), fairShare, total, conductors);
            processor.releaseSegment(segment);
        }
    }
}
