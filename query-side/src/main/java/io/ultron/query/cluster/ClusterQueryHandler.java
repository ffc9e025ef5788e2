package io.ultron.query.cluster;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterHealth;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.ClusterStatus;
import io.ultron.api.cluster.ClusterView;
import io.ultron.api.cluster.FindClusterQuery;
import io.ultron.api.cluster.FindClustersQuery;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

@Component
class ClusterQueryHandler {

    private static final String SELECT = """
            SELECT id, name, area, idc, keystone_url, credentials_ref, release_label, capabilities,
                   max_concurrent_calls, status, registered_at, updated_at, version, drain_reason,
                   capacity_unknown_since, capacity_unknown_reason, health, health_since, health_reason
            FROM cluster_view
            """;

    private static final RowMapper<ClusterView> ROW = (rs, n) -> new ClusterView(
            ClusterId.of(rs.getString("id")), rs.getString("name"), rs.getString("area"), rs.getString("idc"),
            rs.getString("keystone_url"), rs.getString("credentials_ref"), rs.getString("release_label"),
            capabilities(rs.getString("capabilities")), rs.getInt("max_concurrent_calls"),
            ClusterStatus.valueOf(rs.getString("status")), rs.getTimestamp("registered_at").toInstant(),
            rs.getTimestamp("updated_at").toInstant(), rs.getLong("version"), rs.getString("drain_reason"),
            rs.getTimestamp("capacity_unknown_since") == null ? null : rs.getTimestamp("capacity_unknown_since").toInstant(),
            rs.getString("capacity_unknown_reason"),
            rs.getString("health") == null ? null : ClusterHealth.valueOf(rs.getString("health")),
            rs.getTimestamp("health_since") == null ? null : rs.getTimestamp("health_since").toInstant(),
            rs.getString("health_reason"));

    private final NamedParameterJdbcTemplate jdbc;

    ClusterQueryHandler(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    Optional<ClusterView> find(FindClusterQuery query) {
        return jdbc.query(SELECT + " WHERE id = :id", new MapSqlParameterSource("id", query.clusterId().value()), ROW)
                .stream().findFirst();
    }

    @QueryHandler
    List<ClusterView> findAll(FindClustersQuery query) {
        var where = new StringBuilder(" WHERE 1 = 1");
        var params = new MapSqlParameterSource();
        if (query.area() != null) {
            where.append(" AND area = :area");
            params.addValue("area", query.area());
        }
        if (query.idc() != null) {
            where.append(" AND idc = :idc");
            params.addValue("idc", query.idc());
        }
        if (query.status() != null) {
            where.append(" AND status = :status");
            params.addValue("status", query.status().name());
        }
        return jdbc.query(SELECT + where + " ORDER BY name", params, ROW);
    }

    /** The views of these clusters only (a list's answer needs those of its page's servers, not the whole fleet's). */
    List<ClusterView> byIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query(SELECT + " WHERE id IN (:ids) ORDER BY name", new MapSqlParameterSource("ids", ids), ROW);
    }

    private static Set<Capability> capabilities(String joined) {
        if (joined == null || joined.isEmpty()) {
            return EnumSet.noneOf(Capability.class);
        }
        return Arrays.stream(joined.split(",")).map(Capability::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Capability.class)));
    }
}
