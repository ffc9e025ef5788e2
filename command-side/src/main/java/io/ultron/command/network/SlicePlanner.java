package io.ultron.command.network;

import io.ultron.api.network.Cidr;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The initial slice plan of a new subnet for the active clusters of its IDC.
 *
 * <p>Rule: every active cluster gets exactly one /25 and every other slice stays spare. The first
 * four clusters (by name) take the even slices 0, 2, 4, 6, so each keeps its aligned partner spare
 * and grows into an aligned /24 when it is the first to run out; clusters five to eight take the
 * odd slices 1, 3, 5, 7 in turn.
 *
 * <p>Why not a /24 per cluster when there are four or fewer: under skewed demand a /24 handed to
 * a quiet cluster strands a /25 that the busy cluster could have used, while a spare slice goes to
 * whichever cluster runs out first (see {@link ExhaustionPolicy}). One /25 each plus spares is
 * therefore never worse in usable addresses, and costs at most one slice move per growing cluster.
 * The plan depends only on the set of cluster names, not on their order.
 */
public final class SlicePlanner {

    public static final int MAX_CLUSTERS = SlicePlan.SLICES;
    private static final int[] SLICE_ORDER = {0, 2, 4, 6, 1, 3, 5, 7};

    private SlicePlanner() {
    }

    public static SlicePlan initialPlan(Cidr subnet, Collection<String> activeClusters) {
        List<String> clusters = new ArrayList<>(new TreeSet<>(activeClusters));
        if (clusters.size() > MAX_CLUSTERS) {
            throw new IllegalArgumentException("a subnet serves at most " + MAX_CLUSTERS + " clusters, got "
                    + clusters.size() + ": " + clusters);
        }
        TreeMap<Integer, String> owners = new TreeMap<>();
        for (int i = 0; i < clusters.size(); i++) {
            owners.put(SLICE_ORDER[i], clusters.get(i));
        }
        return new SlicePlan(subnet, owners);
    }

    /**
     * The spare slice a cluster joining the IDC after the subnet was planned gets: one in the same order as the
     * initial plan, first one whose aligned partner is spare too (so the newcomer can grow into a /24 like the
     * others), else any spare one; empty when no slice is spare.
     */
    public static Optional<Integer> sliceForNewcomer(SlicePlan plan) {
        for (int index : SLICE_ORDER) {
            if (plan.isSpare(index) && plan.isSpare(SlicePlan.alignedPartner(index))) {
                return Optional.of(index);
            }
        }
        for (int index : SLICE_ORDER) {
            if (plan.isSpare(index)) {
                return Optional.of(index);
            }
        }
        return Optional.empty();
    }
}
