package io.ultron.sim.compute;

import io.ultron.sim.ClusterSettings;
import java.util.ArrayList;
import java.util.List;

/** The cluster's compute hosts and what is claimed on each. Guarded by the cluster lock. */
final class HostPool {

    static final class Host {
        final String name;
        int vcpusUsed;
        long ramMbUsed;
        long diskGbUsed;
        int servers;

        Host(String name) {
            this.name = name;
        }
    }

    private final List<Host> hosts = new ArrayList<>();

    /** Hosts in service now; the count can change at run time, claims on removed hosts stay counted. */
    List<Host> active(ClusterSettings settings) {
        while (hosts.size() < settings.hosts()) {
            hosts.add(new Host(String.format("compute-%03d", hosts.size() + 1)));
        }
        return hosts.subList(0, settings.hosts());
    }

    Host get(int index) {
        return hosts.get(index);
    }

    /**
     * First fit on the host with the most free RAM, as Nova's default RAM weigher spreads load.
     *
     * @return the host index, or -1 when no host has room ("No valid host was found")
     */
    int claim(Flavor flavor, ClusterSettings settings) {
        int best = -1;
        long bestFree = -1;
        List<Host> active = active(settings);
        for (int i = 0; i < active.size(); i++) {
            Host host = active.get(i);
            long freeRam = settings.ramMbPerHost() - host.ramMbUsed;
            if (fits(host, flavor, settings) && freeRam > bestFree) {
                best = i;
                bestFree = freeRam;
            }
        }
        if (best >= 0) {
            claimOn(best, flavor);
        }
        return best;
    }

    private static boolean fits(Host host, Flavor flavor, ClusterSettings settings) {
        return host.vcpusUsed + flavor.vcpus() <= settings.vcpusPerHost()
                && settings.ramMbPerHost() - host.ramMbUsed >= flavor.ramMb()
                && host.diskGbUsed + flavor.diskGb() <= settings.diskGbPerHost();
    }

    /** @return the index of the host in service with that name, or -1 */
    int indexOf(String name, ClusterSettings settings) {
        List<Host> active = active(settings);
        for (int i = 0; i < active.size(); i++) {
            if (active.get(i).name.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The first host after {@code from} (round the list) other than {@code from} that fits the flavor.
     *
     * @return the host index, or -1 when no other host has room
     */
    int nextWithRoom(int from, Flavor flavor, ClusterSettings settings) {
        List<Host> active = active(settings);
        for (int step = 1; step <= active.size(); step++) {
            int index = Math.floorMod(from + step, active.size());
            if (index != from && fits(active.get(index), flavor, settings)) {
                return index;
            }
        }
        return -1;
    }

    /** Counts the flavor on that host, whether it fits or not: an operator's forced move. */
    void claimOn(int index, Flavor flavor) {
        Host host = hosts.get(index);
        host.vcpusUsed += flavor.vcpus();
        host.ramMbUsed += flavor.ramMb();
        host.diskGbUsed += flavor.diskGb();
        host.servers++;
    }

    void release(int index, Flavor flavor) {
        if (index < 0) {
            return;
        }
        Host host = hosts.get(index);
        host.vcpusUsed -= flavor.vcpus();
        host.ramMbUsed -= flavor.ramMb();
        host.diskGbUsed -= flavor.diskGb();
        host.servers--;
    }
}
