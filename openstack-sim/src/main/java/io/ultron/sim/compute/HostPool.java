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
            boolean fits = host.vcpusUsed + flavor.vcpus() <= settings.vcpusPerHost()
                    && freeRam >= flavor.ramMb()
                    && host.diskGbUsed + flavor.diskGb() <= settings.diskGbPerHost();
            if (fits && freeRam > bestFree) {
                best = i;
                bestFree = freeRam;
            }
        }
        if (best >= 0) {
            Host host = hosts.get(best);
            host.vcpusUsed += flavor.vcpus();
            host.ramMbUsed += flavor.ramMb();
            host.diskGbUsed += flavor.diskGb();
            host.servers++;
        }
        return best;
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
