package io.ultron.sagas.network;

import io.ultron.api.network.AllocationPool;
import io.ultron.api.network.DeleteNeutronSubnetCommand;
import io.ultron.api.network.EnsureNeutronSubnetCommand;
import io.ultron.api.network.RecordSlicesProvisionedCommand;
import io.ultron.api.network.RecordSlicesProvisioningFailedCommand;
import io.ultron.sagas.OutcomeReports;
import io.ultron.sagas.TaskTrace;
import io.ultron.sagas.openstack.OpenStackNetworks;
import io.ultron.sagas.openstack.OpenStackNetworks.EnsureSubnet;
import io.ultron.sagas.openstack.OpenStackNetworks.IpRange;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * The OpenStack task handler for subnets: starts the Neutron calls on the cluster's executor and returns at
 * once, so the saga's thread never waits on HTTP; the outcome comes back to the VPC as a command carrying the
 * original trace id.
 */
@Component
class NeutronSubnetTasks {

    private static final Logger log = LoggerFactory.getLogger(NeutronSubnetTasks.class);

    private final OpenStackNetworks networks;
    private final OutcomeReports outcomes;

    NeutronSubnetTasks(OpenStackNetworks networks, OutcomeReports outcomes) {
        this.networks = networks;
        this.outcomes = outcomes;
    }

    @CommandHandler
    void handle(EnsureNeutronSubnetCommand command, CommandMessage<?> message) {
        MetaData trace = TaskTrace.of(message);
        List<IpRange> pools = command.pools().stream().map(NeutronSubnetTasks::range).toList();
        networks.ensureSubnet(command.clusterId(), new EnsureSubnet(command.subnetId().value(), command.cidr(), command.gateway(), pools),
                        TaskTrace.traceId(trace))
                .whenComplete((neutron, failure) -> TaskTrace.inMdc(trace, () -> {
                    if (failure == null) {
                        report(new RecordSlicesProvisionedCommand(command.vpcId(), command.subnetId(), command.clusterId(),
                                command.revision(), neutron.networkId(), neutron.subnetId()), trace);
                    } else {
                        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        log.warn("Neutron subnet {} in {} failed (attempt {}): {}", command.subnetId(), command.clusterId(),
                                command.attempt(), cause.toString());
                        report(new RecordSlicesProvisioningFailedCommand(command.vpcId(), command.subnetId(), command.clusterId(),
                                command.revision(), String.valueOf(cause.getMessage()), command.attempt()), trace);
                    }
                }));
    }

    @CommandHandler
    void handle(DeleteNeutronSubnetCommand command, CommandMessage<?> message) {
        networks.deleteSubnet(command.clusterId(), command.subnetId().value(), TaskTrace.traceId(TaskTrace.of(message)))
                .whenComplete((done, failure) -> TaskTrace.inMdc(TaskTrace.of(message), () -> {
                    if (failure != null) {
                        log.error("Neutron subnet {} in {} could not be deleted; delete it by hand: {}",
                                command.subnetId(), command.clusterId(), failure.toString());
                    }
                }));
    }

    private void report(Object result, MetaData trace) {
        outcomes.send(result, trace);
    }

    private static IpRange range(String text) {
        AllocationPool pool = AllocationPool.parse(text);
        return new IpRange(pool.first().toString(), pool.last().toString());
    }
}
