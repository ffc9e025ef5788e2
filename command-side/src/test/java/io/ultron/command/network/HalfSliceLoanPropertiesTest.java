package io.ultron.command.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultron.api.network.Cidr;
import io.ultron.api.network.Ipv4;
import io.ultron.command.network.ExhaustionDecision.LendHalfSlice;
import io.ultron.command.network.ExhaustionDecision.NewSubnet;
import io.ultron.command.network.ExhaustionDecision.TakeSpareSlice;
import io.ultron.command.network.ExhaustionDecision.TakeSpareSliceOfOtherSubnet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Half-slice loans under skewed demand, driven the way the {@link Vpc} aggregate drives the policies: each
 * request picks the lowest free address of its cluster, runs the low-watermark top-up, and on exhaustion
 * applies the policy's decision until it brings an address or says the VPC is exhausted.
 */
class HalfSliceLoanPropertiesTest {

    /** What a run reports: every decision before it is applied, every pick, the VPC after every applied decision and at the end. */
    private interface Observer {
        default void decided(VpcInIdc before, String cluster, ExhaustionDecision decision) {
        }

        default void picked(SubnetOccupancy before, String cluster, Ipv4 address) {
        }

        default void after(VpcInIdc vpc) {
        }
    }

    private static final class World {
        private final ExhaustionPolicy policy;
        private final List<String> clusters;
        private final List<SubnetOccupancy> subnets = new ArrayList<>();
        private final Observer observer;
        int loans;

        World(ExhaustionPolicy policy, List<String> clusters, Observer observer) {
            this.policy = policy;
            this.clusters = clusters;
            this.observer = observer;
            subnets.add(SubnetOccupancy.empty(SlicePlanner.initialPlan(NetworkMother.SUBNET_A, clusters)));
        }

        VpcInIdc vpc() {
            Set<Cidr> all = new HashSet<>();
            subnets.forEach(s -> all.add(s.subnet()));
            return VpcInIdc.of(NetworkMother.VPC, all, subnets, new TreeSet<>(clusters));
        }

        /**
         * Requests by the clusters {@code picks} names in turn (from the start again when there are more requests
         * than picks) until {@code rejections} were rejected (the VPC is then as full as loans can make it). */
        void run(List<Integer> picks, int rejections) {
            int rejected = 0;
            for (int request = 0; rejected < rejections; request++) {
                String cluster = clusters.get(picks.get(request % picks.size()));
                if (allocate(cluster).isEmpty()) {
                    rejected++;
                }
            }
            observer.after(vpc());
        }

        private Optional<Ipv4> allocate(String cluster) {
            while (true) {
                for (int i = 0; i < subnets.size(); i++) {
                    Optional<Ipv4> address = IpPicker.lowestFree(subnets.get(i), cluster);
                    if (address.isPresent()) {
                        observer.picked(subnets.get(i), cluster, address.get());
                        subnets.set(i, subnets.get(i).withUsed(address.get()));
                        policy.onLowWatermark(vpc(), cluster, subnets.get(i).subnet())
                                .ifPresent(decision -> apply(cluster, decision));
                        return address;
                    }
                }
                Cidr home = subnets.stream().filter(s -> !s.plan().halvesOf(cluster).isEmpty()).findFirst()
                        .orElse(subnets.get(0)).subnet();
                if (!apply(cluster, policy.onExhausted(vpc(), cluster, home))) {
                    return Optional.empty();
                }
            }
        }

        private boolean apply(String cluster, ExhaustionDecision decision) {
            observer.decided(vpc(), cluster, decision);
            if (decision instanceof TakeSpareSlice take) {
                replace(take.subnet(), s -> s.withPlan(s.plan().assign(take.slice(), take.cluster())));
            } else if (decision instanceof TakeSpareSliceOfOtherSubnet take) {
                replace(take.subnet(), s -> s.withPlan(s.plan().assign(take.slice(), take.cluster())));
            } else if (decision instanceof NewSubnet created) {
                subnets.add(SubnetOccupancy.empty(created.plan()));
            } else if (decision instanceof LendHalfSlice loan) {
                replace(loan.subnet(), s -> s.withPlan(s.plan().lend(loan.halfIndex(), loan.borrower())));
                loans++;
            } else {
                return false;
            }
            observer.after(vpc());
            return true;
        }

        private void replace(Cidr subnet, java.util.function.UnaryOperator<SubnetOccupancy> change) {
            for (int i = 0; i < subnets.size(); i++) {
                if (subnets.get(i).subnet().equals(subnet)) {
                    subnets.set(i, change.apply(subnets.get(i)));
                }
            }
        }
    }

    private static final int REJECTIONS = 20;

    /** More requests than the VPC's four subnets have addresses: a run rarely gets to start the picks again. */
    private static final int MAX_REQUESTS = 4 * SlicePlan.USABLE_ADDRESSES + REJECTIONS;

    /**
     * Skewed demand: 2..8 clusters, the policy's grant of slices to the cluster that ran out, and which cluster
     * makes each request, the hot one ({@code az0}) {@code hotPercent} of the time and any of them otherwise.
     */
    record Demand(int clusterCount, int grant, int hotPercent, List<Integer> picks) {
    }

    /**
     * Three runs in four have the most picks there can be, as the random stream these replace; the rest any number,
     * and shrinking makes them few (a short cycle of picks).
     */
    private static final RandomDistribution MOSTLY_LONGEST = (genSize, min, max, center) -> random ->
            random.nextInt(4) > 0 ? max
                    : min.add(BigInteger.valueOf(random.nextLong(max.subtract(min).longValueExact() + 1)));

    @Provide
    Arbitrary<Demand> demands() {
        // a pick is a percentile (pick % 100) and a cluster number (pick / 100, modulo the clusters): it shrinks
        // towards az0 and stays a valid pick whatever the number of clusters shrinks to
        Arbitrary<List<Integer>> picks = Arbitraries.integers().between(0, 100 * DomainArbitraries.ANY - 1).list()
                .ofMinSize(1).ofMaxSize(MAX_REQUESTS).withSizeDistribution(MOSTLY_LONGEST);
        return Combinators.combine(Arbitraries.integers().between(2, 8), Arbitraries.integers().between(1, 8),
                        Arbitraries.integers().between(30, 90), picks)
                .as((clusterCount, grant, hotPercent, numbers) -> new Demand(clusterCount, grant, hotPercent,
                        numbers.stream().map(pick -> pick % 100 < hotPercent ? 0 : pick / 100 % clusterCount).toList()));
    }

    private static World world(Demand demand, int reserve, Observer observer) {
        ExhaustionPolicy policy = new ExhaustionPolicy(new ExhaustionPolicy.Settings(reserve, demand.grant(), 16));
        return new World(policy, NetworkMother.clusters(demand.clusterCount()), observer);
    }

    @Property(tries = 8)
    void everyAddressOfAnOwnedSliceHasExactlyOneHolder(@ForAll("demands") Demand demand,
                                                       @ForAll @IntRange(min = 0, max = 128) int reserve) {
        World world = world(demand, reserve, new Observer() {
            @Override
            public void after(VpcInIdc vpc) {
                for (SubnetOccupancy subnet : vpc.idcSubnets()) {
                    SlicePlan plan = subnet.plan();
                    List<Integer> held = new ArrayList<>();
                    int usable = 0;
                    for (String cluster : plan.clusters()) {
                        held.addAll(plan.halvesOf(cluster));
                        usable += plan.usableAddressesOf(cluster);
                        long inBlocks = plan.blocksOf(cluster).stream().mapToLong(Cidr::size).sum();
                        assertThat(inBlocks).isEqualTo(SlicePlan.HALF_SIZE * (long) plan.halvesOf(cluster).size());
                    }
                    List<Integer> ofOwnedSlices = plan.owners().keySet().stream()
                            .flatMap(slice -> java.util.stream.Stream.of(SlicePlan.halfIndex(slice, 0), SlicePlan.halfIndex(slice, 1)))
                            .toList();
                    assertThat(held).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ofOwnedSlices);
                    assertThat(usable).isEqualTo(plan.owners().keySet().stream().mapToInt(SlicePlan::usableAddresses).sum());
                    int free = plan.clusters().stream().mapToInt(subnet::freeOf).sum();
                    assertThat(free + subnet.used().size()).isEqualTo(usable);
                }
            }
        });

        world.run(demand.picks(), REJECTIONS);
    }

    @Property(tries = 8)
    void lendsOnlyFreeUpperHalvesAndKeepsTheLendersReserve(@ForAll("demands") Demand demand,
                                                          @ForAll @IntRange(min = 0, max = 128) int reserve) {
        World world = world(demand, reserve, new Observer() {
            @Override
            public void decided(VpcInIdc before, String cluster, ExhaustionDecision decision) {
                if (decision instanceof LendHalfSlice loan) {
                    SubnetOccupancy subnet = before.subnet(loan.subnet()).orElseThrow();
                    assertThat(loan.borrower()).isEqualTo(cluster).isNotEqualTo(loan.lender());
                    assertThat(subnet.plan().ownerOf(loan.slice())).contains(loan.lender());
                    assertThat(subnet.plan().lentHalves()).doesNotContainKey(loan.halfIndex());
                    assertThat(subnet.usedInHalf(loan.halfIndex())).isZero();
                    assertThat(before.freeOf(loan.lender()) - SlicePlan.usableAddressesOfHalf(loan.halfIndex()))
                            .isGreaterThanOrEqualTo(reserve);
                    assertThat(before.idcSubnets().stream().allMatch(s -> s.plan().spareSlices().isEmpty())).isTrue();
                    assertThat(before.nextFreeSubnet()).isEmpty();
                }
            }
        });

        world.run(demand.picks(), REJECTIONS);
        Statistics.label("lent at least one half").collect(world.loans > 0);
    }

    @Property(tries = 8)
    void picksOnlyFromOwnSlicesAndBorrowedHalvesNeverFromLentOnes(@ForAll("demands") Demand demand) {
        World world = world(demand, 32, new Observer() {
            @Override
            public void picked(SubnetOccupancy before, String cluster, Ipv4 address) {
                SlicePlan plan = before.plan();
                int half = (int) (plan.subnet().indexOf(address) / SlicePlan.HALF_SIZE);
                boolean ownAndNotLent = plan.ownerOf(SlicePlan.sliceOfHalf(half)).filter(cluster::equals).isPresent()
                        && !plan.lentOutBy(cluster).contains(half);
                assertThat(ownAndNotLent || plan.borrowedBy(cluster).contains(half)).isTrue();
                assertThat(plan.isReserved(address)).isFalse();
                assertThat(before.used()).doesNotContain(address);
            }
        });

        world.run(demand.picks(), REJECTIONS);
    }
}
