package io.ultron.sagas.compute;

import io.ultron.api.compute.AllocateServerAddressCommand;
import io.ultron.api.compute.RecordServerNetworkReadyCommand;
import io.ultron.api.compute.RecordServerProvisioningFailedCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.network.IpAllocationOutcome;
import io.ultron.sagas.openstack.OpenStackCompute;
import io.ultron.sagas.openstack.Servers;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ultron.sagas.compute.ServerMother.SUBNET;
import static io.ultron.sagas.compute.ServerMother.VPC;
import static org.assertj.core.api.Assertions.assertThat;

/** The network step: the address, then the port that holds it. See {@link ServerTasksTestBase}. */
class ServerNetworkTasksTest extends ServerTasksTestBase {

    @Test
    void preparingTheNetworkCreatesThePortWithTheAllocatedFixedAddressInTheClustersNeutronSubnet() {
        ServerId server = newServer();
        String ip = Servers.newFixedIp();
        allocationAnswers.add(allocated(ip, SUBNET));

        send(prepare(server));

        RecordServerNetworkReadyCommand ready = awaitRecorded(RecordServerNetworkReadyCommand.class);
        assertThat(ready.serverId()).isEqualTo(server);
        assertThat(ready.attempt()).isEqualTo(1);
        assertThat(ready.subnetId()).isEqualTo(SUBNET);
        assertThat(ready.address()).isEqualTo(ip);
        assertThat(openStack.sim.admin().ports(CLUSTER)).filteredOn(p -> p.id().equals(ready.portId())).singleElement()
                .satisfies(port -> {
                    assertThat(port.name()).isEqualTo("ultron-" + server.value());
                    assertThat(port.networkId()).isEqualTo(neutron.networkId());
                    assertThat(port.fixedIps()).containsExactly(ip);
                });
        assertThat(allocations).containsExactly(new AllocateServerAddressCommand(VPC, SUBNET, CLUSTER_ID, server));
        assertThat(allocationThreads).allMatch(thread -> thread.startsWith("server-address-"));
    }

    @Test
    void theResultCarriesTheTaskTraceAndNothingElseOfItsMetadata() {
        allocationAnswers.add(allocated(Servers.newFixedIp(), SUBNET));

        commands.send(GenericCommandMessage.asCommandMessage(prepare(newServer())).andMetaData(TRACE.and("other", "x")));

        awaitRecorded(RecordServerNetworkReadyCommand.class);
        assertThat(recorded.get(0).getMetaData()).isEqualTo(TRACE);
    }

    @Test
    void anAddressStillPendingIsAskedForAgainUntilItIsThere() {
        ServerId server = newServer();
        String ip = Servers.newFixedIp();
        allocationAnswers.add(new IpAllocationOutcome.Pending("slices on their way"));
        allocationAnswers.add(new IpAllocationOutcome.Pending("slices on their way"));
        allocationAnswers.add(allocated(ip, SUBNET));

        send(prepare(server));

        assertThat(awaitRecorded(RecordServerNetworkReadyCommand.class).address()).isEqualTo(ip);
        assertThat(allocations).hasSize(3);
        assertThat(retries).extracting(retry -> retry.pending().tries()).containsExactly(2, 3);
        assertThat(retries.get(1).delay()).as("a growing pause").isGreaterThan(retries.get(0).delay());
        assertThat(retries).allSatisfy(retry -> assertThat(retry.pending().metaData()).containsEntry("traceId", "trace-tasks"));
    }

    @Test
    void anAddressPendingBeyondTheTimeoutFailsTheStepForGood() {
        wire(Duration.ofMillis(600));

        send(prepare(newServer()));

        RecordServerProvisioningFailedCommand failed = awaitRecorded(RecordServerProvisioningFailedCommand.class);
        assertThat(failed.step()).isEqualTo(ServerSteps.ADDRESS);
        assertThat(failed.reschedulable()).isFalse();
        assertThat(failed.reason()).startsWith("no address within PT0.6S").contains("no answer scripted");
        assertThat(allocations).hasSizeGreaterThan(1);
    }

    @Test
    void aRefusedAddressFailsTheStepForGoodWithTheRefusal() {
        allocationAnswers.add(new DomainException(ErrorKind.RULE_VIOLATION, "vpc-exhausted", "the VPC has no free address"));

        send(prepare(newServer()));

        RecordServerProvisioningFailedCommand failed = awaitRecorded(RecordServerProvisioningFailedCommand.class);
        assertThat(failed.step()).isEqualTo(ServerSteps.ADDRESS);
        assertThat(failed.reason()).isEqualTo("the VPC has no free address");
        assertThat(failed.reschedulable()).isFalse();
    }

    @Test
    void anAddressAnotherPortHoldsInNeutronFailsThePortStepForGood() {
        String ip = Servers.newFixedIp();
        compute.createPort(CLUSTER_ID, new OpenStackCompute.CreatePort(Servers.newUltronId(), neutron.networkId(),
                neutron.subnetId(), ip), "setup").join();
        allocationAnswers.add(allocated(ip, SUBNET));

        send(prepare(newServer()));

        RecordServerProvisioningFailedCommand failed = awaitRecorded(RecordServerProvisioningFailedCommand.class);
        assertThat(failed.step()).isEqualTo(ServerSteps.PORT);
        assertThat(failed.reschedulable()).isFalse();
        assertThat(failed.reason()).contains("ADDRESS_IN_USE");
    }
}
