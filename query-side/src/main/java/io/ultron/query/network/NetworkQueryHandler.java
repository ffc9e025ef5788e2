package io.ultron.query.network;

import io.ultron.api.network.NetworkQueries.FindIpAddressQuery;
import io.ultron.api.network.NetworkQueries.FindIpPoolsQuery;
import io.ultron.api.network.NetworkQueries.FindSubnetIpsQuery;
import io.ultron.api.network.NetworkQueries.FindSubnetQuery;
import io.ultron.api.network.NetworkQueries.FindSubnetsQuery;
import io.ultron.api.network.NetworkQueries.FindVpcQuery;
import io.ultron.api.network.NetworkQueries.FindVpcsQuery;
import io.ultron.api.network.NetworkViews.IpAddressView;
import io.ultron.api.network.NetworkViews.IpAllocationView;
import io.ultron.api.network.NetworkViews.IpHistoryEntryView;
import io.ultron.api.network.NetworkViews.IpPoolView;
import io.ultron.api.network.NetworkViews.IpPoolsView;
import io.ultron.api.network.NetworkViews.PoolTotals;
import io.ultron.api.network.NetworkViews.SubnetView;
import io.ultron.api.network.NetworkViews.VpcView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

@Component
class NetworkQueryHandler {

    private static final RowMapper<IpPoolView> POOL = (rs, n) -> {
        int total = rs.getInt("total");
        int used = rs.getInt("used");
        PoolTotals totals = PoolTotals.of(total, used);
        return new IpPoolView(rs.getString("subnet_id"), rs.getString("cluster_id"), rs.getString("vpc_id"),
                Arrays.stream(rs.getString("slices").split(",")).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList(),
                Arrays.stream(rs.getString("pools").split(",")).filter(s -> !s.isEmpty()).toList(),
                total, used, totals.free(), totals.percentUsed(), rs.getString("provisioning_status"),
                rs.getString("last_error"), rs.getInt("failed_attempts"), rs.getString("neutron_subnet_id"));
    };

    private static final RowMapper<IpAllocationView> ALLOCATION = (rs, n) -> new IpAllocationView(rs.getString("address"),
            rs.getString("vpc_id"), rs.getString("subnet_id"), rs.getString("cluster_id"), rs.getString("owner"),
            rs.getTimestamp("allocated_at").toInstant());

    private static final String POOLS = "SELECT * FROM ip_pool_view";

    private final NamedParameterJdbcTemplate jdbc;

    NetworkQueryHandler(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    Optional<VpcView> vpc(FindVpcQuery query) {
        return vpcs("WHERE id = :id", new MapSqlParameterSource("id", query.vpcId().value())).stream().findFirst();
    }

    @QueryHandler
    List<VpcView> vpcs(FindVpcsQuery query) {
        var where = new StringBuilder("WHERE status = 'ACTIVE'");
        var params = new MapSqlParameterSource();
        if (query.tenant() != null) {
            where.append(" AND tenant = :tenant");
            params.addValue("tenant", query.tenant());
        }
        tenantsIn(where, params, "tenant", query.tenants());
        return vpcs(where.toString(), params);
    }

    @QueryHandler
    Optional<SubnetView> subnet(FindSubnetQuery query) {
        return subnets("WHERE id = :id", new MapSqlParameterSource("id", query.subnetId().value())).stream().findFirst();
    }

    /** Only rows of {@code tenants} (null: any; none: no row). */
    static void tenantsIn(StringBuilder where, MapSqlParameterSource params, String column, java.util.Set<String> tenants) {
        if (tenants == null) {
            return;
        }
        if (tenants.isEmpty()) {
            where.append(" AND 1 = 0");
        } else {
            where.append(" AND ").append(column).append(" IN (:tenants)");
            params.addValue("tenants", tenants);
        }
    }

    @QueryHandler
    List<SubnetView> subnets(FindSubnetsQuery query) {
        return subnets("WHERE vpc_id = :vpc AND status = 'ACTIVE'", new MapSqlParameterSource("vpc", query.vpcId().value()));
    }

    @QueryHandler
    IpPoolsView pools(FindIpPoolsQuery query) {
        var where = new StringBuilder(" WHERE 1 = 1");
        var params = new MapSqlParameterSource();
        if (query.vpcId() != null) {
            where.append(" AND vpc_id = :vpc");
            params.addValue("vpc", query.vpcId().value());
        }
        if (query.clusterId() != null) {
            where.append(" AND cluster_id = :cluster");
            params.addValue("cluster", query.clusterId());
        }
        if (query.tenants() != null) {
            where.append(" AND vpc_id IN (SELECT id FROM vpc_view WHERE 1 = 1");
            tenantsIn(where, params, "tenant", query.tenants());
            where.append(")");
        }
        List<IpPoolView> pools = jdbc.query(POOLS + where + " ORDER BY subnet_id, cluster_id", params, POOL);
        return new IpPoolsView(pools, totals(pools), totalsBy(pools, IpPoolView::vpcId), totalsBy(pools, IpPoolView::clusterId));
    }

    @QueryHandler
    List<IpAllocationView> subnetIps(FindSubnetIpsQuery query) {
        return jdbc.query("SELECT * FROM ip_allocation_view WHERE subnet_id = :subnet ORDER BY INET_ATON(address)",
                new MapSqlParameterSource("subnet", query.subnetId().value()), ALLOCATION);
    }

    @QueryHandler
    Optional<IpAddressView> address(FindIpAddressQuery query) {
        var params = new MapSqlParameterSource("address", query.address());
        List<IpHistoryEntryView> history = jdbc.query(
                "SELECT * FROM ip_history_view WHERE address = :address ORDER BY global_index", params,
                (rs, n) -> new IpHistoryEntryView(rs.getString("action"), rs.getString("owner"), rs.getString("cluster_id"),
                        rs.getString("subnet_id"), rs.getString("trace_id"), rs.getTimestamp("occurred_at").toInstant()));
        if (history.isEmpty()) {
            return Optional.empty();
        }
        IpAllocationView holder = jdbc.query("SELECT * FROM ip_allocation_view WHERE address = :address", params, ALLOCATION)
                .stream().findFirst().orElse(null);
        return Optional.of(new IpAddressView(query.address(), holder, history));
    }

    private List<VpcView> vpcs(String where, MapSqlParameterSource params) {
        List<VpcView> bare = jdbc.query("SELECT * FROM vpc_view " + where + " ORDER BY created_at, id", params,
                (rs, n) -> new VpcView(rs.getString("id"), rs.getString("area"), rs.getString("tenant"), rs.getString("name"),
                        rs.getString("department"), rs.getString("purpose"), rs.getString("cidr"), rs.getString("status"),
                        rs.getTimestamp("created_at").toInstant(), null));
        return bare.stream().map(vpc -> new VpcView(vpc.id(), vpc.area(), vpc.tenant(), vpc.name(), vpc.department(), vpc.purpose(),
                vpc.cidr(), vpc.status(), vpc.createdAt(),
                totals(jdbc.query(POOLS + " WHERE vpc_id = :vpc", new MapSqlParameterSource("vpc", vpc.id()), POOL)))).toList();
    }

    private List<SubnetView> subnets(String where, MapSqlParameterSource params) {
        List<SubnetView> bare = jdbc.query("SELECT * FROM subnet_view " + where + " ORDER BY cidr", params,
                (rs, n) -> new SubnetView(rs.getString("id"), rs.getString("vpc_id"), rs.getString("idc"), rs.getString("cidr"),
                        rs.getString("gateway"), rs.getString("status"), rs.getTimestamp("created_at").toInstant(), null, null));
        return bare.stream().map(subnet -> {
            List<IpPoolView> pools = jdbc.query(POOLS + " WHERE subnet_id = :subnet ORDER BY cluster_id",
                    new MapSqlParameterSource("subnet", subnet.id()), POOL);
            return new SubnetView(subnet.id(), subnet.vpcId(), subnet.idc(), subnet.cidr(), subnet.gateway(), subnet.status(),
                    subnet.createdAt(), pools, totals(pools));
        }).toList();
    }

    private static PoolTotals totals(List<IpPoolView> pools) {
        return PoolTotals.of(pools.stream().mapToInt(IpPoolView::total).sum(), pools.stream().mapToInt(IpPoolView::used).sum());
    }

    private static List<IpPoolsView.Total> totalsBy(List<IpPoolView> pools, Function<IpPoolView, String> key) {
        Map<String, List<IpPoolView>> grouped = pools.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
        return grouped.entrySet().stream().map(e -> new IpPoolsView.Total(e.getKey(), totals(e.getValue()))).toList();
    }
}
