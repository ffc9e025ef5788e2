package io.ultron.sagas.compute;

import io.ultron.api.cluster.Capability;
import io.ultron.api.compute.BootNovaServerCommand;
import io.ultron.api.compute.CleanUpServerCommand;
import io.ultron.api.compute.RecordServerBuildingCommand;
import io.ultron.api.compute.RecordServerCleanUpFailedCommand;
import io.ultron.api.compute.RecordServerCompensatedCommand;
import io.ultron.api.compute.RecordServerDeletedCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.network.ReleaseIpCommand;
import io.ultron.api.network.ReleaseServerAddressCommand;
import io.ultron.sagas.openstack.Servers;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.ultron.sagas.compute.ServerMother.SUBNET;
import static io.ultron.sagas.compute.ServerMother.VPC;
import static org.assertj.core.api.Assertions.assertThat;

/** Compensation and deletion: Nova server, port and address, each done when gone already. See {@link ServerTasksTestBase}. */
class ServerCleanUpTasksTest extends ServerTasksTestBase {

    @Test
    void aCleanUpReleasesTheAddressEvenWhenServerAndPortAreAlreadyGone() {
        ServerId server = newServer();
        String ip = Servers.newFixedIp();

        send(new CleanUpServerCommand(server, 1, CLUSTER_ID, VPC, SUBNET, ip, false));

        assertThat(awaitRecorded(RecordServerCompensatedCommand.class))
                .isEqualTo(new RecordServerCompensatedCommand(server, 1));
        assertThat(releases).containsExactly(new ReleaseIpCommand(VPC, SUBNET, ip, server.value()));
    }

    @Test
    void deletingRemovesServerPortAndAddress() {
        ServerId server = newServer();
        String ip = Servers.newFixedIp();
        String portId = port(server, ip);
        send(new BootNovaServerCommand(server, 1, CLUSTER_ID, spec(Capability.CLOUD_DISK), Servers.MEDIUM, portId));
        awaitRecorded(RecordServerBuildingCommand.class);
        List<String> volumes = novaServer(server).volumeIds();

        send(new CleanUpServerCommand(server, 0, CLUSTER_ID, VPC, SUBNET, ip, true));

        assertThat(awaitRecorded(RecordServerDeletedCommand.class)).isEqualTo(new RecordServerDeletedCommand(server));
        assertThat(openStack.sim.admin().servers(CLUSTER)).noneMatch(s -> s.name().equals("ultron-" + server.value()));
        assertThat(openStack.sim.admin().ports(CLUSTER)).noneMatch(p -> p.id().equals(portId));
        assertThat(openStack.sim.admin().volumes(CLUSTER)).noneMatch(v -> volumes.contains(v.id()));
        assertThat(releases).containsExactly(new ReleaseIpCommand(VPC, SUBNET, ip, server.value()));
    }

    @Test
    void aCompensationWhosePortDeleteIsAnswered404LooksThePortUpAgainAndLeavesNothing() {
        ServerId server = newServer();
        String ip = Servers.newFixedIp();
        String portId = port(server, ip);
        openStack.sim.admin().loseNextDeletes(CLUSTER, 1);

        send(new CleanUpServerCommand(server, 1, CLUSTER_ID, VPC, SUBNET, ip, false));

        assertThat(awaitRecorded(RecordServerCompensatedCommand.class)).isEqualTo(new RecordServerCompensatedCommand(server, 1));
        assertThat(openStack.sim.admin().ports(CLUSTER)).noneMatch(p -> p.id().equals(portId));
        assertThat(openStack.sim.admin().requests(null, CLUSTER, 50)).extracting(r -> r.outcome())
                .contains("injected-lost-delete");
    }

    @Test
    void anAddressReleasedAlreadyStillCompletesTheCleanUp() {
        releaseRefusal = release -> new DomainException(ErrorKind.CONFLICT, "address-not-held", "not allocated");
        ServerId server = newServer();

        send(new CleanUpServerCommand(server, 1, CLUSTER_ID, VPC, SUBNET, Servers.newFixedIp(), false));

        assertThat(awaitRecorded(RecordServerCompensatedCommand.class).serverId()).isEqualTo(server);
    }

    @Test
    void aReleaseThatFailsIsReportedAsAFailedCleanUp() {
        releaseRefusal = release -> new IllegalStateException("database unavailable");
        ServerId server = newServer();

        send(new CleanUpServerCommand(server, 1, CLUSTER_ID, VPC, SUBNET, Servers.newFixedIp(), false));

        RecordServerCleanUpFailedCommand failed = awaitRecorded(RecordServerCleanUpFailedCommand.class);
        assertThat(failed.serverId()).isEqualTo(server);
        assertThat(failed.attempt()).isEqualTo(1);
        assertThat(failed.reason()).isEqualTo("database unavailable");
    }

    @Test
    void aCleanUpWithASubnetButNoAddressHasTheVpcReleaseWhatTheServerStillHolds() {
        ServerId server = newServer();

        send(new CleanUpServerCommand(server, 1, CLUSTER_ID, VPC, SUBNET, null, false));

        awaitRecorded(RecordServerCompensatedCommand.class);
        assertThat(ownerReleases).containsExactly(new ReleaseServerAddressCommand(VPC, SUBNET, CLUSTER_ID, server));
        assertThat(allocations).as("no address is taken to find the one held").isEmpty();
        assertThat(releases).isEmpty();
    }

    @Test
    void aCleanUpWithNeitherSubnetNorAddressReleasesNothing() {
        ServerId server = newServer();

        send(new CleanUpServerCommand(server, 1, CLUSTER_ID, VPC, null, null, false));

        awaitRecorded(RecordServerCompensatedCommand.class);
        assertThat(allocations).isEmpty();
        assertThat(ownerReleases).isEmpty();
        assertThat(releases).isEmpty();
    }
}
