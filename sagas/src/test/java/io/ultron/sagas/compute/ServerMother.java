package io.ultron.sagas.compute;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.BatchId;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerSpec;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;

import java.util.List;

/** Object Mother for the compute sagas and tasks: one server of one batch, two clusters of its IDC. */
final class ServerMother {

    static final ServerId SERVER = ServerId.of("srv-00000000-0000-0000-0000-000000000001");
    static final BatchId BATCH = BatchId.of("batch-00000000-0000-0000-0000-000000000001");
    static final VpcId VPC = VpcId.of("vpc-00000000-0000-0000-0000-000000000001");
    static final SubnetId SUBNET = SubnetId.of(VPC, 1);
    static final SubnetId OTHER_SUBNET = SubnetId.of(VPC, 2);
    static final ClusterId CLUSTER_A = ClusterId.of("cl-az1");
    static final ClusterId CLUSTER_B = ClusterId.of("cl-az2");
    static final String NOVA_FLAVOR = "3";
    static final String ADDRESS = "11.0.4.23";
    static final String PORT = "port-1";
    static final String NOVA_SERVER = "nova-1";
    static final ServerSpec SPEC = new ServerSpec("tenant-a", "web-1", VPC, "idc-1", "m1.medium", "image-1",
            Capability.LOCAL_DISK, 20, List.of("web"), false);

    private ServerMother() {
    }
}
