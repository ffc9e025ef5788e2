package io.ultron.sagas.compute;

import io.ultron.api.cluster.Capability;
import io.ultron.api.compute.BootNovaServerCommand;
import io.ultron.api.compute.CheckServerBuildCommand;
import io.ultron.api.compute.RecordServerActiveCommand;
import io.ultron.api.compute.RecordServerBuildingCommand;
import io.ultron.api.compute.RecordServerProvisioningFailedCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.sagas.openstack.Servers;
import io.ultron.sim.compute.ServerView;
import org.junit.jupiter.api.Test;

import static io.ultron.sagas.compute.ServerMother.VPC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Boot and build: the Nova server on its port, followed to ACTIVE or ERROR. See {@link ServerTasksTestBase}. */
class ServerBuildTasksTest extends ServerTasksTestBase {

    @Test
    void aBootedServerIsReportedBuildingThenActiveWithItsHostAndAddress() {
        ServerId server = newServer();
        String ip = Servers.newFixedIp();
        String portId = port(server, ip);

        send(new BootNovaServerCommand(server, 1, CLUSTER_ID, spec(Capability.CLOUD_DISK), Servers.MEDIUM, portId));

        RecordServerBuildingCommand building = awaitRecorded(RecordServerBuildingCommand.class);
        RecordServerActiveCommand active = checkUntil(server, RecordServerActiveCommand.class);
        assertThat(active.host()).isNotBlank();
        assertThat(active.address()).isEqualTo(ip);
        ServerView nova = novaServer(server);
        assertThat(nova.id()).isEqualTo(building.novaServerId());
        assertThat(nova.metadata()).containsEntry(ServerBuildTasks.TENANT_METADATA, "tenant-a")
                .containsEntry(ServerBuildTasks.VPC_METADATA, VPC.value())
                .containsEntry(ServerBuildTasks.PREEMPTIBLE_METADATA, "true")
                .containsEntry("ultron_name", "web-1");
        assertThat(nova.volumeIds()).singleElement().satisfies(volumeId ->
                assertThat(openStack.sim.admin().volumes(CLUSTER)).filteredOn(v -> v.id().equals(volumeId))
                        .singleElement().satisfies(volume -> assertThat(volume.sizeGb()).isEqualTo(30)));
    }

    @Test
    void oneCheckWhileBuildingIsEnoughTheWatcherReportsTheEndOnce() {
        ServerId server = newServer();
        openStack.sim.admin().configure(CLUSTER, settings -> settings.bootTime(3_000, 3_000));
        try {
            send(new BootNovaServerCommand(server, 1, CLUSTER_ID, spec(Capability.LOCAL_DISK), Servers.MEDIUM,
                    port(server, Servers.newFixedIp())));
            awaitRecorded(RecordServerBuildingCommand.class);
        } finally {
            openStack.sim.admin().configure(CLUSTER, settings -> settings.bootTime(300, 500));
        }
        send(new CheckServerBuildCommand(server, 1, CLUSTER_ID));
        assertThat(novaServer(server).status()).as("still building after the check").isEqualTo("BUILD");
        assertThat(recorded(RecordServerActiveCommand.class)).isEmpty();

        RecordServerActiveCommand active = awaitRecorded(RecordServerActiveCommand.class);
        assertThat(active.attempt()).isEqualTo(1);
        assertThat(active.host()).isEqualTo(novaServer(server).host());
        await().atMost(WAIT).until(() -> buildTasks.watchedBuilds() == 0);
        assertThat(recorded(RecordServerActiveCommand.class)).as("reported once").hasSize(1);
    }

    @Test
    void aServerOnTheHypervisorsDiskGetsNoVolume() {
        ServerId server = newServer();

        send(new BootNovaServerCommand(server, 1, CLUSTER_ID, spec(Capability.LOCAL_DISK), Servers.MEDIUM,
                port(server, Servers.newFixedIp())));

        awaitRecorded(RecordServerBuildingCommand.class);
        assertThat(novaServer(server).volumeIds()).isEmpty();
    }

    @Test
    void aBuildNoHostTakesIsAReschedulableFailureWithNovasFault() {
        ServerId server = newServer();
        String portId = port(server, Servers.newFixedIp());
        openStack.sim.admin().failNextBuilds(CLUSTER, 1);

        send(new BootNovaServerCommand(server, 1, CLUSTER_ID, spec(Capability.LOCAL_DISK), Servers.MEDIUM, portId));
        awaitRecorded(RecordServerBuildingCommand.class);

        RecordServerProvisioningFailedCommand failed = checkUntil(server, RecordServerProvisioningFailedCommand.class);
        assertThat(failed.step()).isEqualTo(ServerSteps.BUILD);
        assertThat(failed.reason()).startsWith("No valid host was found");
        assertThat(failed.reschedulable()).isTrue();
    }

    @Test
    void aServerNovaDoesNotHoldIsAReschedulableFailure() {
        ServerId server = newServer();

        send(new CheckServerBuildCommand(server, 1, CLUSTER_ID));
        assertThat(recorded(RecordServerProvisioningFailedCommand.class)).as("the first check only watches").isEmpty();
        send(new CheckServerBuildCommand(server, 1, CLUSTER_ID));

        RecordServerProvisioningFailedCommand failed = awaitRecorded(RecordServerProvisioningFailedCommand.class);
        assertThat(failed.step()).isEqualTo(ServerSteps.BUILD);
        assertThat(failed.reschedulable()).isTrue();
    }
}
