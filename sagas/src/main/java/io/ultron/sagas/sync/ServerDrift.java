package io.ultron.sagas.sync;

import io.ultron.api.compute.ComputeViews.ServerView;
import io.ultron.api.compute.RecordServerObservedCommand;
import io.ultron.api.compute.RecordServerVanishedCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerStatus;
import io.ultron.sagas.openstack.OpenStackCompute.ObservedServer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a reading of a cluster's servers says Ultron's view of them misses: the commands that record it. Servers
 * that look as Ultron knows them give none, so a quiet sync stores nothing. The aggregate decides again on its own
 * state (the view may lag a moment behind it), so a command sent for a difference that is already recorded is
 * harmless.
 */
final class ServerDrift {

    private ServerDrift() {
    }

    /**
     * @param known      Ultron's servers of the cluster; only built ones (ACTIVE, STOPPED, ERROR) are compared, the
     *                   sagas own the others
     * @param observed   the cluster's servers as read: all of them ({@code full}), or those changed since the last
     *                   sync, deleted ones included
     * @param observedAt when the reading started
     */
    static List<Object> commands(List<ServerView> known, List<ObservedServer> observed, boolean full, Instant observedAt) {
        Map<String, ObservedServer> byNovaId = new HashMap<>();
        for (ObservedServer server : observed) {
            byNovaId.put(server.state().serverId(), server);
        }
        List<Object> commands = new ArrayList<>();
        for (ServerView server : known) {
            if (server.novaServerId() == null || !ServerStatus.valueOf(server.status()).running()) {
                continue;
            }
            ServerId id = ServerId.of(server.id());
            ObservedServer seen = byNovaId.get(server.novaServerId());
            if (seen == null ? full : seen.deleted()) {
                commands.add(new RecordServerVanishedCommand(id, observedAt));
            } else if (seen != null && differs(server, seen)) {
                commands.add(new RecordServerObservedCommand(id, seen.state().status(), seen.state().host(),
                        seen.state().faultMessage(), observedAt));
            }
        }
        return commands;
    }

    private static boolean differs(ServerView server, ObservedServer seen) {
        ServerStatus status = ServerStatus.ofNova(seen.state().status());
        boolean statusDiffers = status != null && !status.name().equals(server.status());
        boolean moved = seen.state().host() != null && !Objects.equals(seen.state().host(), server.host());
        return statusDiffers || moved;
    }
}
