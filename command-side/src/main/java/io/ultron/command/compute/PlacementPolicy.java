package io.ultron.command.compute;

import io.ultron.api.cluster.ClusterStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which clusters of an IDC a batch of servers goes to.
 *
 * <p>Rule:
 * <ol>
 *   <li>only ACTIVE clusters with the capability the servers boot from are eligible (never a DRAINING one);
 *       none eligible → {@link PlacementResult.Refused} {@code no-capable-cluster};</li>
 *   <li>each eligible cluster's room is {@link ClusterCandidate#roomFor}: the least of
 *       ⌊unreserved vCPUs / vCPUs⌋, ⌊unreserved RAM / RAM⌋ and its free addresses;</li>
 *   <li>the servers to place, {@code target}, are {@code count} when the total room allows it, else the total
 *       room when partial placement is allowed ({@link PlacementResult.Partial}), else nothing
 *       ({@link PlacementResult.Refused} {@code insufficient-capacity}; also when there is no room at all);</li>
 *   <li>{@code target} is spread in proportion to room by the largest-remainder method: each cluster's exact share
 *       is {@code target × room / totalRoom}; every cluster gets the floor of its share, and the servers left over
 *       go one each to the clusters with the largest fractional parts (ties: lowest cluster id).</li>
 * </ol>
 * Hence every cluster gets the floor or the ceiling of its exact share, the counts sum to {@code target}, and no
 * cluster gets more than its room (a share is at most the room, which is a whole number). The result depends only
 * on the set of candidates, not on their order. The policy only decides: the caller stores
 * {@link Placement#reservationFor} and passes it back, through {@link ClusterCandidate#reservedVcpus} and the
 * others, when it places the next batch.
 */
public final class PlacementPolicy {

    private PlacementPolicy() {
    }

    /**
     * @param count        servers in the batch, at least one
     * @param candidates   the clusters of the IDC, each id at most once
     * @param allowPartial place what fits when the batch does not fit whole
     */
    public static PlacementResult place(ServerShape shape, int count, List<ClusterCandidate> candidates,
                                        boolean allowPartial) {
        if (count <= 0) {
            throw new IllegalArgumentException("a batch holds at least one server: " + count);
        }
        requireDistinctIds(candidates);
        List<ClusterCandidate> eligible = candidates.stream()
                .filter(candidate -> candidate.accepts(shape))
                .sorted(Comparator.comparing(ClusterCandidate::clusterId))
                .toList();
        if (eligible.isEmpty()) {
            return new PlacementResult.Refused(PlacementResult.Refused.NO_CAPABLE_CLUSTER,
                    "no ACTIVE cluster can boot servers from " + shape.bootDisk() + describe(candidates, shape));
        }
        long totalRoom = eligible.stream().mapToLong(candidate -> candidate.roomFor(shape)).sum();
        if (totalRoom >= count) {
            return new PlacementResult.Placed(spread(shape, count, eligible, totalRoom));
        }
        String shortBy = "room for " + totalRoom + " of " + count + " servers of " + shape.vcpus() + " vCPUs, "
                + shape.ramMb() + " MB RAM in " + eligible.size() + " eligible clusters" + rooms(eligible, shape);
        if (!allowPartial || totalRoom == 0) {
            return new PlacementResult.Refused(PlacementResult.Refused.INSUFFICIENT_CAPACITY, shortBy);
        }
        int target = (int) totalRoom;
        return new PlacementResult.Partial(spread(shape, target, eligible, totalRoom), count - target, shortBy);
    }

    /** Largest remainder: floors first, then one more to each of the largest fractional parts. */
    private static Placement spread(ServerShape shape, int target, List<ClusterCandidate> eligible, long totalRoom) {
        record Share(String clusterId, long floor, long remainder) {
        }
        List<Share> shares = new ArrayList<>();
        long assigned = 0;
        for (ClusterCandidate candidate : eligible) {
            long exact = (long) target * candidate.roomFor(shape);
            Share share = new Share(candidate.clusterId(), exact / totalRoom, exact % totalRoom);
            shares.add(share);
            assigned += share.floor();
        }
        long leftover = target - assigned;
        List<Share> byRemainder = shares.stream()
                .filter(share -> share.remainder() > 0)
                .sorted(Comparator.comparingLong(Share::remainder).reversed().thenComparing(Share::clusterId))
                .toList();
        Set<String> getOneMore = byRemainder.stream().limit(leftover).map(Share::clusterId).collect(Collectors.toSet());
        TreeMap<String, Integer> servers = new TreeMap<>();
        for (Share share : shares) {
            long placed = share.floor() + (getOneMore.contains(share.clusterId()) ? 1 : 0);
            if (placed > 0) {
                servers.put(share.clusterId(), (int) placed);
            }
        }
        return new Placement(servers);
    }

    private static void requireDistinctIds(List<ClusterCandidate> candidates) {
        Set<String> seen = new HashSet<>();
        for (ClusterCandidate candidate : candidates) {
            if (!seen.add(candidate.clusterId())) {
                throw new IllegalArgumentException("cluster " + candidate.clusterId() + " is a candidate twice");
            }
        }
    }

    private static String describe(List<ClusterCandidate> candidates, ServerShape shape) {
        if (candidates.isEmpty()) {
            return " (no cluster in the IDC)";
        }
        return candidates.stream()
                .sorted(Comparator.comparing(ClusterCandidate::clusterId))
                .map(candidate -> candidate.clusterId() + " "
                        + (candidate.status() != ClusterStatus.ACTIVE ? candidate.status().toString()
                        : "lacks " + shape.bootDisk()))
                .collect(Collectors.joining(", ", " (", ")"));
    }

    private static String rooms(List<ClusterCandidate> eligible, ServerShape shape) {
        return eligible.stream()
                .map(candidate -> candidate.clusterId() + "=" + candidate.roomFor(shape))
                .collect(Collectors.joining(", ", " (", ")"));
    }
}
