package io.ultron.command.network;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.api.network.ClusterSlicesProvisionedEvent;
import io.ultron.api.network.IpAllocatedEvent;
import io.ultron.api.network.IpReleasedEvent;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import static io.ultron.command.network.VpcTest.AZ1;
import static io.ultron.command.network.VpcTest.AZ2;
import static io.ultron.command.network.VpcTest.SUBNET;
import static io.ultron.command.network.VpcTest.VPC;
import static org.assertj.core.api.Assertions.assertThat;

/** A VPC's state survives the snapshot serializer: what is stored is read back to the same state. */
class VpcSnapshotTest {

    /** Strict like the application's mapper: an unknown property would fail the read. */
    final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().findAndRegisterModules().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
            .build();

    @Test
    void aVpcWithSubnetsSlicesAndAddressesReadsBackUnchanged() {
        Vpc vpc = new Vpc();
        for (Object event : VpcTest.subnetWithTwoClusters()) {
            apply(vpc, event);
        }
        apply(vpc, new ClusterSlicesProvisionedEvent(VPC, SUBNET, AZ1, 1, "net-1", "sub-1"));
        apply(vpc, new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0.2", "vm-1"));
        apply(vpc, new IpAllocatedEvent(VPC, SUBNET, AZ1, "11.0.0.3", "vm-2"));
        apply(vpc, new IpReleasedEvent(VPC, SUBNET, AZ1, "11.0.0.2", "vm-1"));
        apply(vpc, new IpAllocatedEvent(VPC, SUBNET, AZ2, "11.0.1.0", "vm-3"));

        SerializedObject<String> stored = serializer.serialize(vpc, String.class);
        Vpc read = serializer.deserialize(stored);
        SerializedObject<String> again = serializer.serialize(read, String.class);

        assertThat(again.getData()).isEqualTo(stored.getData());
        assertThat(stored.getData()).contains("\"11.0.0.3\":\"vm-2\"").doesNotContain("\"11.0.0.2\":\"vm-1\"")
                .contains("11.0.0.0/22");
    }

    private static void apply(Vpc vpc, Object event) {
        if (event instanceof io.ultron.api.network.VpcCreatedEvent e) {
            vpc.on(e);
        } else if (event instanceof io.ultron.api.network.SubnetAllocatedEvent e) {
            vpc.on(e);
        } else if (event instanceof io.ultron.api.network.ClusterSlicesChangedEvent e) {
            vpc.on(e);
        } else if (event instanceof ClusterSlicesProvisionedEvent e) {
            vpc.on(e);
        } else if (event instanceof IpAllocatedEvent e) {
            vpc.on(e);
        } else if (event instanceof IpReleasedEvent e) {
            vpc.on(e);
        } else {
            throw new IllegalArgumentException("not used here: " + event);
        }
    }
}
