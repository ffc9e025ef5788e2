package io.ultron.command.cluster;

import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterStatus;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.Set;

/**
 * Keeps the claims in a table with a unique name, written in the command's transaction. Concurrent
 * registrations into one IDC are serialized by a row lock on that IDC, so the count cannot be raced past.
 */
@Component
class JdbcClusterRegistry implements ClusterRegistry, ClusterStatuses {

    private static final Logger log = LoggerFactory.getLogger(JdbcClusterRegistry.class);

    private final JdbcTemplate jdbc;

    JdbcClusterRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void claim(ClusterId clusterId, String name, String idc) {
        jdbc.update("INSERT INTO cluster_idc_lock (idc) VALUES (?) ON DUPLICATE KEY UPDATE idc = idc", idc);
        Integer inIdc = jdbc.queryForObject("SELECT COUNT(*) FROM cluster_name_claim WHERE idc = ?", Integer.class, idc);
        if (inIdc != null && inIdc >= MAX_CLUSTERS_PER_IDC) {
            throw new DomainException(ErrorKind.RULE_VIOLATION, "idc-full",
                    "IDC " + idc + " already holds " + MAX_CLUSTERS_PER_IDC + " clusters");
        }
        try {
            jdbc.update("INSERT INTO cluster_name_claim (name, cluster_id, idc) VALUES (?, ?, ?)", name, clusterId.value(), idc);
        } catch (DuplicateKeyException e) {
            throw new DomainException(ErrorKind.CONFLICT, "cluster-name-taken", "a cluster named '" + name + "' already exists");
        }
        log.info("cluster name {} claimed for {} in IDC {}", name, clusterId, idc);
    }

    @Override
    public void statusChanged(ClusterId clusterId, ClusterStatus status) {
        jdbc.update("UPDATE cluster_name_claim SET status = ? WHERE cluster_id = ?", status.name(), clusterId.value());
    }

    @Override
    public Set<ClusterId> drainingIn(String idc) {
        Set<ClusterId> draining = new HashSet<>();
        jdbc.query("SELECT cluster_id FROM cluster_name_claim WHERE idc = ? AND status = ?",
                rs -> { draining.add(ClusterId.of(rs.getString(1))); }, idc, ClusterStatus.DRAINING.name());
        return draining;
    }
}
