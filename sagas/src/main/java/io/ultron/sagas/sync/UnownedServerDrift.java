package io.ultron.sagas.sync;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.ComputeViews.ServerView;
import io.ultron.api.drift.DeleteLeftoverServerCommand;
import io.ultron.api.drift.DriftViews.UnownedServerView;
import io.ultron.api.drift.RecordUnownedServerCommand;
import io.ultron.api.drift.RecordUnownedServerGoneCommand;
import io.ultron.api.drift.UnownedKind;
import io.ultron.api.drift.UnownedServerId;
import io.ultron.sagas.openstack.OpenStackCompute.ObservedServer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The servers of a reading that no Ultron server owns, against the drift view: the commands that record what is new
 * (found, changed, gone) and that delete leftovers whose grace is over. A Nova server is owned by the Ultron server
 * that knows its Nova id (an adopted one, before it is named after it, too), or by the Ultron server it is named after ({@code ultron-<serverId>}) when that server is in this cluster, owns a Nova server
 * ({@code ServerStatus.ownsNovaServer}), and is either still waiting for its Nova id or has this one: a second Nova
 * server of the same name (a create repeated after a lost answer) is a leftover.
 */
final class UnownedServerDrift {

    static final String GONE = "gone from the cluster";

    private UnownedServerDrift() {
    }

    /**
     * @param owning   the cluster's servers that own, or may own, a Nova server
     * @param unowned  the drift view's present servers of the cluster
     * @param observed all the cluster's servers ({@code full}), or those changed since the last sync, deleted included
     */
    static List<Object> commands(ClusterId cluster, List<ServerView> owning, List<UnownedServerView> unowned,
                                 List<ObservedServer> observed, boolean full, Instant observedAt, Duration leftoverGrace) {
        Map<String, ServerView> ownersById = new HashMap<>();
        Map<String, ServerView> ownersByNovaId = new HashMap<>();
        for (ServerView server : owning) {
            ownersById.put(server.id(), server);
            if (server.novaServerId() != null) {
                ownersByNovaId.put(server.novaServerId(), server);
            }
        }
        Map<String, UnownedServerView> recorded = new HashMap<>();
        for (UnownedServerView server : unowned) {
            recorded.put(server.novaServerId(), server);
        }
        List<Object> commands = new ArrayList<>();
        // what this reading shows of each Nova server: still unowned, or gone (deleted, owned after all, or missing
        // from a full reading)
        Set<String> stillUnowned = new HashSet<>();
        for (ObservedServer server : observed) {
            String novaId = server.state().serverId();
            UnownedServerView known = recorded.get(novaId);
            ServerView owner = server.deleted() ? null : owner(server.name(), novaId, ownersById, ownersByNovaId);
            if (server.deleted() || owner != null) {
                if (known != null) {
                    commands.add(new RecordUnownedServerGoneCommand(UnownedServerId.of(known.id()),
                            owner == null ? GONE : "owned by server " + owner.id(), observedAt));
                }
                continue;
            }
            stillUnowned.add(novaId);
            if (known == null || differs(known, server)) {
                commands.add(new RecordUnownedServerCommand(UnownedServerId.of(cluster, novaId), cluster, novaId, server.name(),
                        server.state().status(), server.state().host(), server.state().addresses(), observedAt));
            }
        }
        Set<String> reported = new HashSet<>();
        observed.forEach(server -> reported.add(server.state().serverId()));
        for (UnownedServerView known : unowned) {
            boolean goneNow = reported.contains(known.novaServerId()) ? !stillUnowned.contains(known.novaServerId()) : full;
            ServerView owner = owner(known.name(), known.novaServerId(), ownersById, ownersByNovaId);
            if (!reported.contains(known.novaServerId()) && (goneNow || owner != null)) {
                commands.add(new RecordUnownedServerGoneCommand(UnownedServerId.of(known.id()),
                        owner == null ? GONE : "owned by server " + owner.id(), observedAt));
            } else if (!goneNow && known.kind() == UnownedKind.LEFTOVER
                    && !known.foundAt().plus(leftoverGrace).isAfter(observedAt)) {
                // an incremental reading need not show the leftover: deleting one already gone is a 404, which is fine
                commands.add(new DeleteLeftoverServerCommand(UnownedServerId.of(known.id()), leftoverGrace, observedAt));
            }
        }
        return commands;
    }

    private static ServerView owner(String name, String novaId, Map<String, ServerView> ownersById,
                                    Map<String, ServerView> ownersByNovaId) {
        ServerView byNovaId = ownersByNovaId.get(novaId);
        if (byNovaId != null) {
            return byNovaId;
        }
        if (name == null || !name.startsWith(UnownedKind.ULTRON_PREFIX)) {
            return null;
        }
        ServerView owner = ownersById.get(name.substring(UnownedKind.ULTRON_PREFIX.length()));
        if (owner == null) {
            return null;
        }
        String ownersNovaId = owner.novaServerId();
        return ownersNovaId == null || ownersNovaId.equals(novaId) ? owner : null;
    }

    private static boolean differs(UnownedServerView known, ObservedServer server) {
        return !Objects.equals(known.novaStatus(), server.state().status()) || !Objects.equals(known.host(), server.state().host())
                || !known.addresses().equals(server.state().addresses());
    }
}
