package io.ultron.command.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultron.api.network.Cidr;
import io.ultron.command.network.ExhaustionDecision.LendHalfSlice;
import io.ultron.command.network.ExhaustionDecision.NewSubnet;
import io.ultron.command.network.ExhaustionDecision.TakeSpareSlice;
import io.ultron.command.network.ExhaustionDecision.TakeSpareSliceOfOtherSubnet;
import io.ultron.command.network.ExhaustionDecision.VpcExhausted;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ExhaustionPolicyPropertiesTest {

    /**
     * A VPC with 1..4 of its subnets taken (in any order), the first 1..all of them in this IDC, each sliced among
     * 1..8 clusters (some slices spare, or every slice owned) with any share of its addresses in use; the cluster
     * that ran out and the subnet it ran out in. The picks are taken modulo what there is to pick from.
     */
    private record Scenario(VpcInIdc vpc, String cluster, Cidr subnet) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        List<Cidr> all = NetworkMother.VPC.split(SlicePlan.SUBNET_PREFIX);
        Arbitrary<List<Integer>> order = Arbitraries.integers().between(0, all.size() - 1).list().ofSize(all.size())
                .uniqueElements();
        Arbitrary<List<List<DomainArbitraries.SliceUse>>> layouts = Arbitraries
                .oneOf(DomainArbitraries.slices(true), DomainArbitraries.slices(false)).list().ofSize(all.size());
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, DomainArbitraries.ANY - 1);
        return Combinators.combine(DomainArbitraries.clusters(1, 8), order,
                        Arbitraries.integers().between(1, VpcInIdc.MAX_SUBNETS_PER_VPC), pick, layouts, pick, pick)
                .as((clusters, ordered, taken, inIdcPick, slices, clusterPick, homePick) -> {
                    List<Cidr> vpcSubnets = ordered.subList(0, taken).stream().map(all::get).toList();
                    int inIdc = 1 + inIdcPick % taken;
                    List<SubnetOccupancy> idcSubnets = new ArrayList<>();
                    for (int i = 0; i < inIdc; i++) {
                        idcSubnets.add(DomainArbitraries.occupancy(vpcSubnets.get(i), clusters, slices.get(i)));
                    }
                    VpcInIdc vpc = VpcInIdc.of(NetworkMother.VPC, new HashSet<>(vpcSubnets), idcSubnets,
                            Set.copyOf(clusters));
                    return new Scenario(vpc, clusters.get(clusterPick % clusters.size()),
                            idcSubnets.get(homePick % inIdc).subnet());
                });
    }

    private final ExhaustionPolicy policy = new ExhaustionPolicy(ExhaustionPolicy.Settings.DEFAULTS);

    @Property(tries = 500)
    void alwaysGivesASpareSliceFromTheFirstSourceThatHasOne(@ForAll("scenarios") Scenario given) {
        VpcInIdc vpc = given.vpc();
        boolean spareInSame = !vpc.subnet(given.subnet()).orElseThrow().plan().spareSlices().isEmpty();
        boolean spareInIdc = vpc.idcSubnets().stream().anyMatch(s -> !s.plan().spareSlices().isEmpty());

        ExhaustionDecision decision = policy.onExhausted(vpc, given.cluster(), given.subnet());

        if (decision instanceof TakeSpareSlice take) {
            assertThat(take.subnet()).isEqualTo(given.subnet());
            assertThat(vpc.subnet(take.subnet()).orElseThrow().plan().isSpare(take.slice())).isTrue();
            assertThat(take.cluster()).isEqualTo(given.cluster());
        } else if (decision instanceof TakeSpareSliceOfOtherSubnet take) {
            assertThat(spareInSame).isFalse();
            assertThat(take.subnet()).isNotEqualTo(given.subnet());
            assertThat(vpc.subnet(take.subnet()).orElseThrow().plan().isSpare(take.slice())).isTrue();
            assertThat(take.cluster()).isEqualTo(given.cluster());
        } else if (decision instanceof NewSubnet created) {
            assertThat(spareInIdc).isFalse();
            assertThat(vpc.vpcSubnets()).hasSizeLessThan(VpcInIdc.MAX_SUBNETS_PER_VPC)
                    .doesNotContain(created.plan().subnet());
            assertThat(NetworkMother.VPC.contains(created.plan().subnet())).isTrue();
        } else if (decision instanceof LendHalfSlice loan) {
            // the last resort: only when no whole slice can move any more
            assertThat(spareInIdc).isFalse();
            assertThat(vpc.vpcSubnets()).hasSize(VpcInIdc.MAX_SUBNETS_PER_VPC);
            SubnetOccupancy lender = vpc.subnet(loan.subnet()).orElseThrow();
            assertThat(lender.plan().ownerOf(loan.slice())).contains(loan.lender());
            assertThat(loan.lender()).isNotEqualTo(given.cluster());
            assertThat(loan.borrower()).isEqualTo(given.cluster());
            assertThat(lender.plan().lentHalves()).doesNotContainKey(loan.halfIndex());
            assertThat(lender.usedInHalf(loan.halfIndex())).isZero();
            assertThat(vpc.freeOf(loan.lender()) - SlicePlan.usableAddressesOfHalf(loan.halfIndex()))
                    .isGreaterThanOrEqualTo(policy.settings().minReserveAddresses());
        } else {
            assertThat(decision).isInstanceOf(VpcExhausted.class);
            assertThat(spareInIdc).isFalse();
            assertThat(vpc.vpcSubnets()).hasSize(VpcInIdc.MAX_SUBNETS_PER_VPC);
        }
    }

    @Property(tries = 500)
    void newSubnetGoesMostlyToTheClusterThatRanOutAndKeepsEveryOtherClustersReserve(
            @ForAll("scenarios") Scenario given, @ForAll @IntRange(min = 0, max = 300) int reserve,
            @ForAll @IntRange(min = 1, max = 8) int grant) {
        ExhaustionPolicy withSettings = new ExhaustionPolicy(new ExhaustionPolicy.Settings(reserve, grant, 16));

        if (withSettings.onExhausted(given.vpc(), given.cluster(), given.subnet()) instanceof NewSubnet created) {
            SlicePlan plan = created.plan();
            List<Integer> granted = plan.slicesOf(given.cluster());
            assertThat(granted).isNotEmpty().startsWith(0);
            for (String other : given.vpc().activeClusters()) {
                if (!other.equals(given.cluster())) {
                    int before = given.vpc().freeOf(other);
                    assertThat(before + plan.usableAddressesOf(other)).isGreaterThanOrEqualTo(Math.min(reserve, before + 126));
                    assertThat(plan.slicesOf(other)).hasSize(before < reserve ? 1 : 0);
                    assertThat(granted.size()).isGreaterThanOrEqualTo(Math.min(grant, plan.slicesOf(other).size()));
                }
            }
            assertThat(given.vpc().activeClusters()).containsAll(plan.clusters());
            assertThat(granted).hasSize(Math.max(1, Math.min(grant, SlicePlan.SLICES - (plan.clusters().size() - 1))));
        }
    }

    @Property(tries = 300)
    void lowWatermarkFiresExactlyBelowItAndUsesTheSameSources(@ForAll("scenarios") Scenario given,
                                                             @ForAll @IntRange(min = 0, max = 600) int watermark) {
        ExhaustionPolicy withWatermark = new ExhaustionPolicy(new ExhaustionPolicy.Settings(32, 2, watermark));

        var topUp = withWatermark.onLowWatermark(given.vpc(), given.cluster(), given.subnet());

        assertThat(topUp.isPresent()).isEqualTo(given.vpc().freeOf(given.cluster()) < watermark);
        topUp.ifPresent(decision -> assertThat(decision)
                .isEqualTo(withWatermark.onExhausted(given.vpc(), given.cluster(), given.subnet())));
    }
}
