package io.ultron.command.quota;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.api.compute.ServerId;
import io.ultron.api.quota.AddressCount;
import io.ultron.api.quota.AddressReservedEvent;
import io.ultron.api.quota.AddressesCountedEvent;
import io.ultron.api.quota.DescribeTenantQuotaCommand;
import io.ultron.api.quota.ServersHeldEvent;
import io.ultron.api.quota.ServersReleasedEvent;
import io.ultron.api.quota.TenantQuotaView;
import io.ultron.api.quota.VpcHeldEvent;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.ultron.command.quota.TenantQuotaTest.NOW;
import static io.ultron.command.quota.TenantQuotaTest.T;
import static io.ultron.command.quota.TenantQuotaTest.VPC;
import static io.ultron.command.quota.TenantQuotaTest.limits;
import static io.ultron.command.quota.TenantQuotaTest.server;
import static org.assertj.core.api.Assertions.assertThat;

/** A tenant quota's state survives the snapshot serializer: what is stored is read back to the same state. */
class TenantQuotaSnapshotTest {

    /** Strict like the application's mapper: an unknown property would fail the read. */
    final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().findAndRegisterModules().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
            .build();

    @Test
    void limitsHoldingsCountsAndReservationsReadBackUnchanged() {
        TenantQuota quota = new TenantQuota();
        quota.on(limits(10L, 20L, 40960L, 100L, 2L));
        quota.on(new ServersHeldEvent(T, List.of(server(1, 2, 4096), server(2, 1, 512))));
        quota.on(new ServersReleasedEvent(T, List.of(ServerId.of("srv-2"))));
        quota.on(new VpcHeldEvent(T, VPC));
        quota.on(new AddressesCountedEvent(T, VPC, List.of(new AddressCount(4, 1, null), new AddressCount(5, 1, null))));
        quota.on(new AddressReservedEvent(T, "r-1", NOW, NOW.plusSeconds(300)));

        SerializedObject<String> stored = serializer.serialize(quota, String.class);
        TenantQuota read = serializer.deserialize(stored);
        SerializedObject<String> again = serializer.serialize(read, String.class);

        assertThat(again.getData()).isEqualTo(stored.getData());
        assertThat(stored.getData()).contains("tenant-quota:acme").contains("srv-1").doesNotContain("srv-2").contains("r-1");
        TenantQuotaView view = read.handle(new DescribeTenantQuotaCommand(T));
        assertThat(view).isEqualTo(quota.handle(new DescribeTenantQuotaCommand(T)));
        assertThat(view.usage().servers()).isEqualTo(1);
        assertThat(view.usage().vcpus()).isEqualTo(2);
        assertThat(view.usage().addresses()).as("the reservation (made days ago) has expired").isEqualTo(2);
        assertThat(view.usage().vpcs()).isEqualTo(1);
    }
}
