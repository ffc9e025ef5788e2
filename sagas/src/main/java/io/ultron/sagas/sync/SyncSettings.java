package io.ultron.sagas.sync;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * The timings of sync ({@code ultron.sync.*}). A bean, so that sagas get it as a handler parameter.
 *
 * @param interval     an incremental sync of each cluster this often (Nova's {@code changes-since})
 * @param fullInterval a full sync of each cluster this often (every server read)
 * @param vanishGrace  a server gone from its cluster keeps its port and address this long before they are released
 * @param leftoverGrace a server named {@code ultron-*} that nothing of Ultron's owns is deleted after being one this
 *                     long (a server being created is owned well within it)
 * @param leaseTtl     a cluster's sync lease lives this long unless its node renews it: how soon another node takes
 *                     over from a node that died mid-sync
 * @param downAfter    a cluster whose syncs have failed this long is DOWN (DEGRADED before)
 * @param concurrency  clusters one conductor syncs at once: the others wait for a later tick, so that a full sync
 *                     of the fleet does not take every core from online requests at once
 */
@Component
public record SyncSettings(@Value("${ultron.sync.interval:30s}") Duration interval,
                           @Value("${ultron.sync.full-interval:10m}") Duration fullInterval,
                           @Value("${ultron.sync.vanish-grace:10m}") Duration vanishGrace,
                           @Value("${ultron.sync.leftover-grace:10m}") Duration leftoverGrace,
                           @Value("${ultron.sync.lease-ttl:15s}") Duration leaseTtl,
                           @Value("${ultron.sync.down-after:90s}") Duration downAfter,
                           @Value("${ultron.sync.concurrency:1}") int concurrency) {
}
