package io.ultron.sagas.network;

import io.ultron.api.cluster.ClusterEnabledEvent;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterRegisteredEvent;
import io.ultron.api.network.GrantClusterSlicesCommand;
import io.ultron.api.network.SubnetAllocatedEvent;
import io.ultron.api.network.SubnetDeletedEvent;
import io.ultron.api.network.VpcId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * A cluster that joins an IDC (registered there, or enabled again) gets a slice in every existing subnet of the
 * IDC, in every VPC: this handler sends {@link GrantClusterSlicesCommand} to each VPC with subnets there, and the
 * subnet saga makes the new slices real in the cluster's Neutron.
 *
 * <p>It keeps its own table of live subnets by IDC from the VPCs' events. One segment reads every event in the
 * order stored, so a subnet stored before a registration is always known when the registration is handled (a view
 * of another processing group could still be behind). At least once: each command is sent and waited for, a
 * failure is thrown back to the processor, which handles the events again (see {@link NetworkProcessing}); the Vpc
 * gives a cluster no second slice. Started on a store with history, it reads that history too, so clusters that
 * joined before this handler existed get their slices then.
 */
@Component
@ProcessingGroup(ClusterSliceGrants.GROUP)
@DisallowReplay
class ClusterSliceGrants {

    static final String GROUP = "cluster-slice-grants";

    private static final Logger log = LoggerFactory.getLogger(ClusterSliceGrants.class);

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;

    ClusterSliceGrants(JdbcTemplate jdbc, CommandGateway commands) {
        this.jdbc = jdbc;
        this.commands = commands;
    }

    /**
     * A subnet's clusters are the IDC's active clusters in the cluster view when it was made, and the view may not yet
     * have had a cluster registered just before (whose registration this handler met while the subnet did not exist):
     * every cluster this handler knows in the IDC is asked for again. A cluster that has its slice gets nothing new.
     */
    @EventHandler
    void on(SubnetAllocatedEvent event) {
        jdbc.update("INSERT IGNORE INTO slice_grant_subnet (subnet_id, vpc_id, idc) VALUES (?, ?, ?)",
                event.subnetId().value(), event.vpcId().value(), event.idc());
        for (String cluster : jdbc.queryForList("SELECT cluster_id FROM slice_grant_cluster WHERE idc = ? ORDER BY cluster_id",
                String.class, event.idc())) {
            try {
                commands.sendAndWait(new GrantClusterSlicesCommand(event.vpcId(), event.idc(), ClusterId.of(cluster)));
            } catch (AggregateNotFoundException gone) {
                log.debug("VPC {} is gone; no slices for cluster {}", event.vpcId(), cluster);
            }
        }
    }

    @EventHandler
    void on(SubnetDeletedEvent event) {
        jdbc.update("DELETE FROM slice_grant_subnet WHERE subnet_id = ?", event.subnetId().value());
    }

    @EventHandler
    void on(ClusterRegisteredEvent event) {
        jdbc.update("INSERT INTO slice_grant_cluster (cluster_id, idc) VALUES (?, ?) ON DUPLICATE KEY UPDATE idc = VALUES(idc)",
                event.clusterId().value(), event.idc());
        grant(event.clusterId(), event.idc());
    }

    @EventHandler
    void on(ClusterEnabledEvent event) {
        List<String> idc = jdbc.queryForList("SELECT idc FROM slice_grant_cluster WHERE cluster_id = ?", String.class,
                event.clusterId().value());
        if (!idc.isEmpty()) {
            grant(event.clusterId(), idc.get(0));
        }
    }

    private void grant(ClusterId cluster, String idc) {
        List<String> vpcs = jdbc.queryForList("SELECT DISTINCT vpc_id FROM slice_grant_subnet WHERE idc = ? ORDER BY vpc_id",
                String.class, idc);
        for (String vpc : vpcs) {
            try {
                commands.sendAndWait(new GrantClusterSlicesCommand(VpcId.of(vpc), idc, cluster));
            } catch (AggregateNotFoundException gone) {
                // read from history: the VPC has been deleted since (with its subnets), nothing left to grant
                log.debug("VPC {} is gone; no slices for cluster {}", vpc, cluster);
            }
        }
        if (!vpcs.isEmpty()) {
            log.info("cluster {} joined IDC {}: slices granted in the subnets of {} VPC(s)", cluster, idc, vpcs.size());
        }
    }
}
