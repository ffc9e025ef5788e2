package io.ultron.sagas.compute;

import io.ultron.api.cluster.Capability;
import io.ultron.api.compute.BootNovaServerCommand;
import io.ultron.api.compute.PowerAction;
import io.ultron.api.compute.PowerNovaServerCommand;
import io.ultron.api.compute.RecordPowerActionCompletedCommand;
import io.ultron.api.compute.RecordPowerActionFailedCommand;
import io.ultron.api.compute.RecordServerActiveCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.sagas.openstack.Servers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Start, stop and reboot. See {@link ServerTasksTestBase}. */
class ServerPowerTasksTest extends ServerTasksTestBase {

    @Test
    void aStopIsReportedCompletedOnceNovaTookIt() {
        ServerId server = newServer();
        send(new BootNovaServerCommand(server, 1, CLUSTER_ID, spec(Capability.LOCAL_DISK), Servers.MEDIUM,
                port(server, Servers.newFixedIp())));
        checkUntil(server, RecordServerActiveCommand.class);

        send(new PowerNovaServerCommand(server, CLUSTER_ID, PowerAction.STOP));

        assertThat(awaitRecorded(RecordPowerActionCompletedCommand.class))
                .isEqualTo(new RecordPowerActionCompletedCommand(server, PowerAction.STOP));
        assertThat(novaServer(server).status()).isEqualTo("SHUTOFF");
    }

    @Test
    void anActionOnAServerNovaDoesNotHoldIsReportedFailed() {
        ServerId server = newServer();

        send(new PowerNovaServerCommand(server, CLUSTER_ID, PowerAction.REBOOT));

        RecordPowerActionFailedCommand failed = awaitRecorded(RecordPowerActionFailedCommand.class);
        assertThat(failed.action()).isEqualTo(PowerAction.REBOOT);
        assertThat(failed.reason()).contains("Nova holds no server");
    }
}
