package io.ultron.command.compute;

import static io.ultron.command.compute.ComputeMother.CLOUD_SMALL;
import static io.ultron.command.compute.ComputeMother.LOCAL_SMALL;
import static io.ultron.command.compute.ComputeMother.active;
import static io.ultron.command.compute.ComputeMother.activeWithRoomFor;
import static io.ultron.command.compute.ComputeMother.cloudDiskOnlyWithRoomFor;
import static io.ultron.command.compute.ComputeMother.drainingWithRoomFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ultron.api.cluster.Capability;
import io.ultron.command.compute.PlacementResult.Partial;
import io.ultron.command.compute.PlacementResult.Placed;
import io.ultron.command.compute.PlacementResult.Refused;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementPolicyTest {

    private static Placed placed(Map<String, Integer> serversPerCluster) {
        return new Placed(new Placement(serversPerCluster));
    }

    @Test
    void spreadsABatchOverClustersByCapacity() {
        List<ClusterCandidate> idc = List.of(activeWithRoomFor("az0", 30), activeWithRoomFor("az1", 10),
                activeWithRoomFor("az2", 20));

        assertThat(PlacementPolicy.place(CLOUD_SMALL, 12, idc, false))
                .isEqualTo(placed(Map.of("az0", 6, "az1", 2, "az2", 4)));
    }

    @Test
    void givesTheServersLeftOverToTheLargestRemaindersThenTheLowestClusterId() {
        List<ClusterCandidate> idc = List.of(activeWithRoomFor("az2", 10), activeWithRoomFor("az1", 10),
                activeWithRoomFor("az0", 10), activeWithRoomFor("az3", 14));

        // exact shares of 5 over rooms 10/10/10/14: 1.14 each for az0-az2, 1.59 for az3: floors 4, one left over
        assertThat(PlacementPolicy.place(CLOUD_SMALL, 5, idc, false))
                .isEqualTo(placed(Map.of("az0", 1, "az1", 1, "az2", 1, "az3", 2)));
        // shares of 6: 1.36 each, 1.91 for az3: floors 4, the two left over to az3, then az0 of the tied three
        assertThat(PlacementPolicy.place(CLOUD_SMALL, 6, idc, false))
                .isEqualTo(placed(Map.of("az0", 2, "az1", 1, "az2", 1, "az3", 2)));
    }

    @Test
    void leavesAClusterWithoutRoomOutOfThePlacement() {
        List<ClusterCandidate> idc = List.of(activeWithRoomFor("az0", 0), activeWithRoomFor("az1", 4));

        assertThat(PlacementPolicy.place(CLOUD_SMALL, 3, idc, false)).isEqualTo(placed(Map.of("az1", 3)));
    }

    @Test
    void neverPlacesOnADrainingCluster() {
        List<ClusterCandidate> idc = List.of(drainingWithRoomFor("az0", 1000), activeWithRoomFor("az1", 5));

        assertThat(PlacementPolicy.place(CLOUD_SMALL, 5, idc, false)).isEqualTo(placed(Map.of("az1", 5)));
    }

    @Test
    void refusesWhenEveryClusterIsDraining() {
        PlacementResult result = PlacementPolicy.place(CLOUD_SMALL, 1, List.of(drainingWithRoomFor("az0", 100)), true);

        assertThat(result).isInstanceOf(Refused.class);
        assertThat(((Refused) result).code()).isEqualTo(Refused.NO_CAPABLE_CLUSTER);
        assertThat(((Refused) result).reason()).contains("az0 DRAINING");
    }

    @Test
    void refusesWhenNoClusterCanBootFromLocalDisk() {
        List<ClusterCandidate> idc = List.of(cloudDiskOnlyWithRoomFor("az0", 100), cloudDiskOnlyWithRoomFor("az1", 100));

        PlacementResult result = PlacementPolicy.place(LOCAL_SMALL, 1, idc, true);

        assertThat(result).isInstanceOf(Refused.class);
        assertThat(((Refused) result).code()).isEqualTo(Refused.NO_CAPABLE_CLUSTER);
        assertThat(((Refused) result).reason()).contains("LOCAL_DISK", "az0 lacks LOCAL_DISK");
    }

    @Test
    void placesLocalDiskServersOnlyOnClustersWithLocalDisks() {
        List<ClusterCandidate> idc = List.of(cloudDiskOnlyWithRoomFor("az0", 100), activeWithRoomFor("az1", 10));

        assertThat(PlacementPolicy.place(LOCAL_SMALL, 4, idc, false)).isEqualTo(placed(Map.of("az1", 4)));
        assertThat(PlacementPolicy.place(CLOUD_SMALL, 11, idc, false))
                .isEqualTo(placed(Map.of("az0", 10, "az1", 1)));
    }

    @Test
    void refusesAnIdcWithoutClusters() {
        assertThat(PlacementPolicy.place(CLOUD_SMALL, 1, List.of(), true))
                .isEqualTo(new Refused(Refused.NO_CAPABLE_CLUSTER, "no ACTIVE cluster can boot servers from CLOUD_DISK"
                        + " (no cluster in the IDC)"));
    }

    @Test
    void refusesABatchThatDoesNotFitWhenPartialIsNotAllowed() {
        List<ClusterCandidate> idc = List.of(activeWithRoomFor("az0", 3), activeWithRoomFor("az1", 2));

        PlacementResult result = PlacementPolicy.place(CLOUD_SMALL, 10, idc, false);

        assertThat(result).isInstanceOf(Refused.class);
        assertThat(((Refused) result).code()).isEqualTo(Refused.INSUFFICIENT_CAPACITY);
        assertThat(((Refused) result).reason()).contains("room for 5 of 10 servers", "az0=3", "az1=2");
    }

    @Test
    void placesWhatFitsWhenPartialIsAllowed() {
        List<ClusterCandidate> idc = List.of(activeWithRoomFor("az0", 3), activeWithRoomFor("az1", 2),
                drainingWithRoomFor("az2", 50));

        PlacementResult result = PlacementPolicy.place(CLOUD_SMALL, 10, idc, true);

        assertThat(result).isInstanceOf(Partial.class);
        Partial partial = (Partial) result;
        assertThat(partial.placement()).isEqualTo(new Placement(Map.of("az0", 3, "az1", 2)));
        assertThat(partial.unplaced()).isEqualTo(5);
        assertThat(partial.reason()).contains("room for 5 of 10 servers");
    }

    @Test
    void refusesEvenAPartialBatchWhenNoCapableClusterHasRoom() {
        List<ClusterCandidate> idc = List.of(activeWithRoomFor("az0", 0), drainingWithRoomFor("az1", 50));

        PlacementResult result = PlacementPolicy.place(CLOUD_SMALL, 2, idc, true);

        assertThat(result).isInstanceOf(Refused.class);
        assertThat(((Refused) result).code()).isEqualTo(Refused.INSUFFICIENT_CAPACITY);
    }

    @Test
    void roomIsBoundByTheScarcestOfVcpusRamAndAddresses() {
        ClusterCandidate vcpuBound = active("az0", 9, 1_000_000, 0, 0, 100);
        ClusterCandidate ramBound = active("az1", 1000, 3 * 4096 + 4095, 0, 0, 100);
        ClusterCandidate addressBound = active("az2", 1000, 1_000_000, 0, 0, 2);

        assertThat(vcpuBound.roomFor(CLOUD_SMALL)).isEqualTo(4);
        assertThat(ramBound.roomFor(CLOUD_SMALL)).isEqualTo(3);
        assertThat(addressBound.roomFor(CLOUD_SMALL)).isEqualTo(2);
        assertThat(PlacementPolicy.place(CLOUD_SMALL, 9, List.of(vcpuBound, ramBound, addressBound), false))
                .isEqualTo(placed(Map.of("az0", 4, "az1", 3, "az2", 2)));
    }

    @Test
    void subtractsWhatIsReservedForOtherInFlightBatches() {
        ClusterCandidate cluster = active("az0", 20, 100_000, 16, 0, 100);

        assertThat(cluster.roomFor(CLOUD_SMALL)).isEqualTo(2);
        assertThat(active("az0", 100, 40_960, 0, 32_768, 100).roomFor(CLOUD_SMALL)).isEqualTo(2);
    }

    @Test
    void treatsAnOvercommittedOrOverReservedClusterAsFull() {
        assertThat(active("az0", -8, 100_000, 0, 0, 100).roomFor(CLOUD_SMALL)).isZero();
        assertThat(active("az0", 100, 100_000, 0, 200_000, 100).roomFor(CLOUD_SMALL)).isZero();
    }

    @Test
    void reservesTheVcpusRamAndOneAddressOfEveryPlacedServer() {
        Placement placement = new Placement(Map.of("az0", 3, "az1", 1));

        assertThat(placement.total()).isEqualTo(4);
        assertThat(placement.reservationFor(CLOUD_SMALL)).isEqualTo(Map.of(
                "az0", new Reservation(6, 12_288, 3),
                "az1", new Reservation(2, 4096, 1)));
    }

    @Test
    void aSecondBatchOnlyGetsWhatTheFirstLeft() {
        List<ClusterCandidate> idc = List.of(activeWithRoomFor("az0", 6), activeWithRoomFor("az1", 2));
        Placement first = ((Placed) PlacementPolicy.place(CLOUD_SMALL, 4, idc, false)).placement();
        Map<String, Reservation> held = first.reservationFor(CLOUD_SMALL);
        List<ClusterCandidate> after = idc.stream()
                .map(c -> c.withReservation(held.getOrDefault(c.clusterId(), Reservation.NONE)))
                .toList();

        assertThat(first).isEqualTo(new Placement(Map.of("az0", 3, "az1", 1)));
        assertThat(PlacementPolicy.place(CLOUD_SMALL, 5, after, false))
                .isEqualTo(new Refused(Refused.INSUFFICIENT_CAPACITY,
                        "room for 4 of 5 servers of 2 vCPUs, 4096 MB RAM in 2 eligible clusters (az0=3, az1=1)"));
        assertThat(PlacementPolicy.place(CLOUD_SMALL, 4, after, false))
                .isEqualTo(placed(Map.of("az0", 3, "az1", 1)));
    }

    @Test
    void rejectsAnEmptyBatchAClusterListedTwiceAndABootDiskThatIsNoDisk() {
        List<ClusterCandidate> idc = List.of(activeWithRoomFor("az0", 5));

        assertThatIllegalArgumentException().isThrownBy(() -> PlacementPolicy.place(CLOUD_SMALL, 0, idc, false));
        assertThatIllegalArgumentException().isThrownBy(() -> PlacementPolicy.place(CLOUD_SMALL, 1,
                List.of(activeWithRoomFor("az0", 5), activeWithRoomFor("az0", 5)), false))
                .withMessageContaining("az0 is a candidate twice");
        assertThatIllegalArgumentException().isThrownBy(() -> new ServerShape(2, 4096, Capability.BARE_METAL));
        assertThatIllegalArgumentException().isThrownBy(() -> new Placement(Map.of("az0", 0)));
    }
}
