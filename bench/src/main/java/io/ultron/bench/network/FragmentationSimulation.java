package io.ultron.bench.network;

import io.ultron.api.network.Cidr;
import io.ultron.api.network.Ipv4;
import io.ultron.command.network.ExhaustionDecision;
import io.ultron.command.network.ExhaustionPolicy;
import io.ultron.command.network.IpPicker;
import io.ultron.command.network.SlicePlan;
import io.ultron.command.network.SlicePlanner;
import io.ultron.command.network.SubnetOccupancy;
import io.ultron.command.network.VpcInIdc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * How much of a VPC can be allocated before the first rejection under skewed demand, and how
 * much is stranded (free, but owned by clusters other than the one that needs it).
 *
 * <p>One VPC (/20: at most four /22 subnets, 4,084 allocatable addresses) in one IDC with five
 * clusters; one cluster receives 70% of the requests, the other four share the rest evenly,
 * drawn from a seeded random sequence that is the same for every strategy.
 *
 * <p>Usage: {@code FragmentationSimulation [seed] [seeds-for-summary]} (defaults 42 and 50).
 */
public final class FragmentationSimulation {

    static final Cidr VPC = Cidr.parse("11.0.0.0/20");
    static final List<String> CLUSTERS = List.of("az0", "az1", "az2", "az3", "az4");
    static final String HOT = "az0";
    static final double HOT_SHARE = 0.70;
    static final int VPC_USABLE = VpcInIdc.MAX_SUBNETS_PER_VPC * SlicePlan.USABLE_ADDRESSES;
    private static final int MAX_REQUESTS = 2 * VPC_USABLE;

    /** One way of handing out a VPC's addresses to the clusters of an IDC. */
    interface Strategy {
        /** An address for {@code cluster}, or empty when the request is rejected. */
        Optional<Ipv4> allocate(String cluster);

        /** Free allocatable addresses of the VPC that {@code cluster} cannot use. */
        int strandedFor(String cluster);
    }

    record Result(String strategy, int allocated, int stranded) {
        double share() {
            return 100.0 * allocated / VPC_USABLE;
        }
    }

    private FragmentationSimulation() {
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 42L;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Map<String, Supplier<Strategy>> strategies = strategies();

        System.out.printf("VPC %s, one IDC, %d clusters, %s gets %.0f%% of requests, seed %d; %d allocatable addresses%n%n",
                VPC, CLUSTERS.size(), HOT, HOT_SHARE * 100, seed, VPC_USABLE);
        System.out.printf("%-58s | %26s | %13s | %8s%n", "strategy", "allocated before 1st reject", "% of usable", "stranded");
        System.out.println("-".repeat(58) + "-+-" + "-".repeat(26) + "-+-" + "-".repeat(13) + "-+-" + "-".repeat(8));
        for (Map.Entry<String, Supplier<Strategy>> strategy : strategies.entrySet()) {
            Result result = run(strategy.getKey(), strategy.getValue().get(), seed);
            System.out.printf("%-58s | %26d | %12.1f%% | %8d%n", result.strategy(), result.allocated(), result.share(),
                    result.stranded());
        }
        Result bound = wholeSliceUpperBound(seed);
        System.out.printf("%-58s | %26d | %12.1f%% | %8d%n", bound.strategy(), bound.allocated(), bound.share(),
                bound.stranded());

        System.out.printf("%n%% of usable addresses allocated before the first rejection over seeds 1..%d (min / median / max):%n",
                seeds);
        for (Map.Entry<String, Supplier<Strategy>> strategy : strategies.entrySet()) {
            double[] shares = IntStream.rangeClosed(1, seeds)
                    .mapToDouble(s -> run(strategy.getKey(), strategy.getValue().get(), s).share()).sorted().toArray();
            System.out.printf("%-58s | %5.1f%% / %5.1f%% / %5.1f%%%n", strategy.getKey(), shares[0],
                    shares[shares.length / 2], shares[shares.length - 1]);
        }
        double[] bounds = IntStream.rangeClosed(1, seeds).mapToDouble(s -> wholeSliceUpperBound(s).share()).sorted().toArray();
        System.out.printf("%-58s | %5.1f%% / %5.1f%% / %5.1f%%%n", bound.strategy(), bounds[0], bounds[bounds.length / 2],
                bounds[bounds.length - 1]);
    }

    /**
     * An upper bound for any policy that gives whole /25 slices to clusters, even one that knows
     * the future demand: the number of requests served before the clusters' demands, each rounded
     * up to whole 128-address slices, need more than the VPC's 32 slices.
     */
    static Result wholeSliceUpperBound(long seed) {
        Random random = new Random(seed);
        Map<String, Integer> demand = new HashMap<>();
        int slices = VpcInIdc.MAX_SUBNETS_PER_VPC * SlicePlan.SLICES;
        for (int request = 0; request < MAX_REQUESTS; request++) {
            String cluster = random.nextDouble() < HOT_SHARE ? HOT : CLUSTERS.get(1 + random.nextInt(CLUSTERS.size() - 1));
            demand.merge(cluster, 1, Integer::sum);
            int needed = demand.values().stream().mapToInt(d -> (d + SlicePlan.SLICE_SIZE - 1) / SlicePlan.SLICE_SIZE).sum();
            if (needed > slices) {
                return new Result("(bound) any whole-/25 policy with perfect foresight", request, VPC_USABLE - request);
            }
        }
        throw new IllegalStateException("demand never exceeded the VPC");
    }

    static Map<String, Supplier<Strategy>> strategies() {
        Map<String, Supplier<Strategy>> strategies = new LinkedHashMap<>();
        strategies.put("(a) each new /22 split evenly, no slice moves", EvenSplit::new);
        strategies.put("(b) a dedicated /22 per cluster", DedicatedSubnets::new);
        strategies.put("(c) ours: slices + ExhaustionPolicy + /26 loans (defaults)",
                () -> new SlicedWithPolicy(ExhaustionPolicy.Settings.DEFAULTS, true));
        strategies.put("(c-) ours, whole /25 moves only (no /26 loans)",
                () -> new SlicedWithPolicy(ExhaustionPolicy.Settings.DEFAULTS, false));
        strategies.put("(c32) ours + /26 loans, minimum reserve 32",
                () -> new SlicedWithPolicy(new ExhaustionPolicy.Settings(32, 2, 16), true));
        strategies.put("(c') ours, new /22 wholly to the cluster that ran out",
                () -> new SlicedWithPolicy(new ExhaustionPolicy.Settings(16, SlicePlan.SLICES, 16), true));
        return strategies;
    }

    static Result run(String name, Strategy strategy, long seed) {
        Random random = new Random(seed);
        int allocated = 0;
        for (int request = 0; request < MAX_REQUESTS; request++) {
            String cluster = random.nextDouble() < HOT_SHARE ? HOT : CLUSTERS.get(1 + random.nextInt(CLUSTERS.size() - 1));
            if (strategy.allocate(cluster).isEmpty()) {
                return new Result(name, allocated, strategy.strandedFor(cluster));
            }
            allocated++;
        }
        throw new IllegalStateException(name + " never rejected a request: it hands out more than the VPC holds");
    }

    /**
     * Ours: the real slice planner, IP picker and exhaustion policy, applied as an aggregate would. With
     * {@code lend} false a {@link ExhaustionDecision.LendHalfSlice} counts as a rejection, as before loans existed.
     */
    static final class SlicedWithPolicy implements Strategy {

        private final ExhaustionPolicy policy;
        private final boolean lend;
        private final List<SubnetOccupancy> subnets = new ArrayList<>();

        SlicedWithPolicy(ExhaustionPolicy.Settings settings, boolean lend) {
            this.policy = new ExhaustionPolicy(settings);
            this.lend = lend;
            subnets.add(SubnetOccupancy.empty(SlicePlanner.initialPlan(VPC.subnet(SlicePlan.SUBNET_PREFIX, 0), CLUSTERS)));
        }

        @Override
        public Optional<Ipv4> allocate(String cluster) {
            while (true) {
                for (int i = 0; i < subnets.size(); i++) {
                    Optional<Ipv4> address = IpPicker.lowestFree(subnets.get(i), cluster);
                    if (address.isPresent()) {
                        subnets.set(i, subnets.get(i).withUsed(address.get()));
                        policy.onLowWatermark(vpc(), cluster, subnets.get(i).subnet()).ifPresent(this::apply);
                        return address;
                    }
                }
                ExhaustionDecision decision = policy.onExhausted(vpc(), cluster, home(cluster));
                if (!apply(decision)) {
                    return Optional.empty();
                }
            }
        }

        /** The subnet the cluster allocates from: the first one where it owns a slice. */
        private Cidr home(String cluster) {
            return subnets.stream().filter(s -> !s.plan().halvesOf(cluster).isEmpty()).findFirst()
                    .orElse(subnets.get(0)).subnet();
        }

        private VpcInIdc vpc() {
            Set<Cidr> all = new HashSet<>();
            subnets.forEach(s -> all.add(s.subnet()));
            return VpcInIdc.of(VPC, all, subnets, new TreeSet<>(CLUSTERS));
        }

        /** Applies the decision; false when it brought no new address. */
        private boolean apply(ExhaustionDecision decision) {
            if (decision instanceof ExhaustionDecision.TakeSpareSlice take) {
                assign(take.subnet(), take.slice(), take.cluster());
            } else if (decision instanceof ExhaustionDecision.TakeSpareSliceOfOtherSubnet take) {
                assign(take.subnet(), take.slice(), take.cluster());
            } else if (decision instanceof ExhaustionDecision.NewSubnet created) {
                subnets.add(SubnetOccupancy.empty(created.plan()));
            } else if (decision instanceof ExhaustionDecision.LendHalfSlice loan && lend) {
                replace(loan.subnet(), s -> s.withPlan(s.plan().lend(loan.halfIndex(), loan.borrower())));
            } else {
                return false;
            }
            return true;
        }

        private void assign(Cidr subnet, int slice, String cluster) {
            replace(subnet, s -> s.withPlan(s.plan().assign(slice, cluster)));
        }

        private void replace(Cidr subnet, UnaryOperator<SubnetOccupancy> change) {
            for (int i = 0; i < subnets.size(); i++) {
                if (subnets.get(i).subnet().equals(subnet)) {
                    subnets.set(i, change.apply(subnets.get(i)));
                }
            }
        }

        @Override
        public int strandedFor(String cluster) {
            int stranded = 0;
            for (SubnetOccupancy subnet : subnets) {
                for (String owner : subnet.plan().clusters()) {
                    if (!owner.equals(cluster)) {
                        stranded += subnet.freeOf(owner);
                    }
                }
                stranded += subnet.plan().spareSlices().stream().mapToInt(SlicePlan::usableAddresses).sum();
            }
            return stranded;
        }
    }

    /**
     * Fixed address pools per cluster: each subnet's allocatable addresses cut into contiguous
     * ranges that never move. A cluster takes the lowest free address of its ranges in any subnet.
     */
    abstract static class FixedPools implements Strategy {

        /** Per subnet: owner and [from, to] index range (inclusive) inside the /22. */
        record Pool(Cidr subnet, String owner, int from, int to) {
        }

        protected final List<Cidr> subnets = new ArrayList<>();
        protected final List<Pool> pools = new ArrayList<>();
        private final Map<Cidr, boolean[]> used = new HashMap<>();

        protected Cidr addSubnet() {
            Cidr subnet = VPC.subnet(SlicePlan.SUBNET_PREFIX, subnets.size());
            subnets.add(subnet);
            used.put(subnet, new boolean[(int) subnet.size()]);
            return subnet;
        }

        protected boolean canAddSubnet() {
            return subnets.size() < VpcInIdc.MAX_SUBNETS_PER_VPC;
        }

        /** Another pool for the cluster, or false when there is no room. */
        protected abstract boolean grow(String cluster);

        @Override
        public Optional<Ipv4> allocate(String cluster) {
            do {
                for (Pool pool : pools) {
                    if (pool.owner().equals(cluster)) {
                        boolean[] taken = used.get(pool.subnet());
                        for (int i = pool.from(); i <= pool.to(); i++) {
                            if (!taken[i]) {
                                taken[i] = true;
                                return Optional.of(pool.subnet().address(i));
                            }
                        }
                    }
                }
            } while (grow(cluster));
            return Optional.empty();
        }

        @Override
        public int strandedFor(String cluster) {
            int stranded = 0;
            for (Pool pool : pools) {
                if (!pool.owner().equals(cluster)) {
                    boolean[] taken = used.get(pool.subnet());
                    stranded += (int) IntStream.rangeClosed(pool.from(), pool.to()).filter(i -> !taken[i]).count();
                }
            }
            return stranded;
        }
    }

    /** (a) The old design: every new /22 split evenly among all clusters; nothing moves afterwards. */
    static final class EvenSplit extends FixedPools {

        @Override
        protected boolean grow(String cluster) {
            if (!canAddSubnet()) {
                return false;
            }
            Cidr subnet = addSubnet();
            int first = 2;
            int last = (int) subnet.size() - 2;
            int count = last - first + 1;
            int[] sizes = new int[CLUSTERS.size()];
            Arrays.fill(sizes, count / CLUSTERS.size());
            for (int i = 0; i < count % CLUSTERS.size(); i++) {
                sizes[i]++;
            }
            int from = first;
            for (int i = 0; i < CLUSTERS.size(); i++) {
                pools.add(new Pool(subnet, CLUSTERS.get(i), from, from + sizes[i] - 1));
                from += sizes[i];
            }
            return true;
        }
    }

    /** (b) Every cluster gets whole /22s of its own, one at a time, as long as the VPC has room. */
    static final class DedicatedSubnets extends FixedPools {

        @Override
        protected boolean grow(String cluster) {
            if (!canAddSubnet()) {
                return false;
            }
            Cidr subnet = addSubnet();
            pools.add(new Pool(subnet, cluster, 2, (int) subnet.size() - 2));
            return true;
        }
    }
}
