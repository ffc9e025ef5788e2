package io.ultron.query.compute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.api.compute.ComputeQueries.FindBatchQuery;
import io.ultron.api.compute.ComputeQueries.FindBatchServersQuery;
import io.ultron.api.compute.ComputeQueries.FindServerQuery;
import io.ultron.api.compute.ComputeQueries.FindServersQuery;
import io.ultron.api.compute.ComputeQueries.FindClusterServersQuery;
import io.ultron.api.compute.ComputeViews.BatchView;
import io.ultron.api.compute.ComputeViews.ServerPage;
import io.ultron.api.compute.ComputeViews.ServerView;
import io.ultron.api.compute.ServerStatus;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Answers the server and batch queries from {@code server_view} and {@code batch_view}. The list's WHERE
 * clause is built from a fixed set of columns with bound values only, and its ORDER BY from a whitelist;
 * every order ends with the id, so pages never overlap or skip rows that tie. A page is read in two steps:
 * its ids from an index (deep pages skip index entries, not rows), then those rows.
 */
@Component
class ComputeQueryHandler {

    static final int MAX_PAGE_SIZE = 500;

    /** Sort field of the API → the columns it orders by (then the id); each has an index per common filter. */
    private static final Map<String, List<String>> ORDER = Map.of(
            "createdAt", List.of("created_at"),
            "name", List.of("name"),
            "status", List.of("status", "created_at"),
            "updatedAt", List.of("updated_at"));

    private static final String COLUMNS = """
            s.id, s.batch_id, s.tenant, s.name, s.vpc_id, s.idc, s.cluster_id, s.subnet_id, s.status, s.address, s.host,
            s.flavor, s.image, s.boot_disk, s.disk_gb, s.security_groups, s.preemptible, s.attempt, s.pending_action,
            s.failure_reason, s.nova_server_id, s.created_at, s.updated_at
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };

    private static final RowMapper<ServerView> SERVER = (rs, n) -> new ServerView(rs.getString("id"),
            // an adopted server came in no batch: its row holds ''
            emptyToNull(rs.getString("batch_id")), rs.getString("tenant"), rs.getString("name"), rs.getString("vpc_id"),
            rs.getString("idc"), rs.getString("cluster_id"), rs.getString("subnet_id"), rs.getString("status"),
            rs.getString("address"), rs.getString("host"), rs.getString("flavor"), rs.getString("image"),
            rs.getString("boot_disk"), rs.getInt("disk_gb"), names(rs.getString("security_groups")),
            rs.getBoolean("preemptible"), rs.getInt("attempt"), rs.getString("pending_action"),
            rs.getString("failure_reason"), rs.getString("nova_server_id"), instant(rs.getTimestamp("created_at")),
            instant(rs.getTimestamp("updated_at")));

    private static final RowMapper<BatchView> BATCH = (rs, n) -> {
        int requested = rs.getInt("requested");
        int active = rs.getInt("active");
        int failed = rs.getInt("failed");
        return new BatchView(rs.getString("id"), rs.getString("tenant"), rs.getString("name_prefix"), requested, active,
                failed, requested - active - failed, rs.getBoolean("completed"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("completed_at")));
    };

    private final NamedParameterJdbcTemplate jdbc;

    ComputeQueryHandler(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    Optional<ServerView> server(FindServerQuery query) {
        return jdbc.query("SELECT " + COLUMNS + " FROM server_view s WHERE s.id = :id",
                new MapSqlParameterSource("id", query.serverId().value()), SERVER).stream().findFirst();
    }

    /** One read of the cluster's index (deleted, cluster_id, status, …) per status. */
    @QueryHandler
    List<ServerView> clusterServers(FindClusterServersQuery query) {
        return jdbc.query("SELECT " + COLUMNS + " FROM server_view s WHERE s.deleted = FALSE AND s.cluster_id = :cluster"
                        + " AND s.status IN (:owning)",
                new MapSqlParameterSource("cluster", query.clusterId().value()).addValue("owning",
                        Arrays.stream(ServerStatus.values()).filter(ServerStatus::ownsNovaServer).map(Enum::name).toList()),
                SERVER);
    }

    /**
     * DELETED servers only when asked for by status: they stay in the table for their history. The
     * {@code deleted} condition is always there, as the first column of every list index.
     */
    @QueryHandler
    ServerPage servers(FindServersQuery query) {
        var where = new StringBuilder(" WHERE deleted = :deleted");
        var params = new MapSqlParameterSource("deleted", query.status() == ServerStatus.DELETED);
        equal(where, params, "tenant", query.tenant());
        if (query.tenants() != null) {
            where.append(query.tenants().isEmpty() ? " AND 1 = 0" : " AND tenant IN (:tenants)");
            params.addValue("tenants", query.tenants());
        }
        equal(where, params, "vpc_id", query.vpcId());
        equal(where, params, "cluster_id", query.clusterId());
        equal(where, params, "address", query.address());
        equal(where, params, "status", query.status() == null ? null : query.status().name());
        if (query.name() != null) {
            where.append(" AND name LIKE :name ESCAPE '!'");
            params.addValue("name", prefixPattern(query.name()));
        }
        return page(where.toString(), params, query.page(), query.size(), query.sort(), query.descending());
    }

    @QueryHandler
    ServerPage batchServers(FindBatchServersQuery query) {
        return page(" WHERE batch_id = :batch", new MapSqlParameterSource("batch", query.batchId().value()),
                query.page(), query.size(), query.sort(), query.descending());
    }

    @QueryHandler
    Optional<BatchView> batch(FindBatchQuery query) {
        return jdbc.query("SELECT * FROM batch_view WHERE id = :id", new MapSqlParameterSource("id", query.batchId().value()), BATCH)
                .stream().findFirst();
    }

    private ServerPage page(String where, MapSqlParameterSource params, int page, int size, String sort, boolean descending) {
        List<String> columns = ORDER.get(sort);
        if (columns == null) {
            throw new DomainException(ErrorKind.BAD_INPUT, "invalid-sort", "sort must be one of " + FindServersQuery.SORTABLE);
        }
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new DomainException(ErrorKind.BAD_INPUT, "invalid-page", "page must be 0 or more and size 1.." + MAX_PAGE_SIZE);
        }
        long offset = (long) page * size;
        params.addValue("limit", size).addValue("offset", offset);
        List<ServerView> items = jdbc.query("SELECT " + COLUMNS + " FROM server_view s JOIN (SELECT id FROM server_view"
                + where + orderBy(columns, "", descending) + " LIMIT :limit OFFSET :offset) ids ON ids.id = s.id"
                + orderBy(columns, "s.", descending), params, SERVER);
        // a page that is not full ends the list: its total needs no second query
        boolean last = items.size() < size && (!items.isEmpty() || page == 0);
        long total = last ? offset + items.size() : count(where, params);
        return new ServerPage(items, page, size, total);
    }

    private static String orderBy(List<String> columns, String alias, boolean descending) {
        String direction = descending ? " DESC" : " ASC";
        return columns.stream().map(c -> alias + c + direction)
                .collect(Collectors.joining(", ", " ORDER BY ", ", " + alias + "id" + direction));
    }

    private long count(String where, MapSqlParameterSource params) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM server_view" + where, params, Long.class);
        return count == null ? 0 : count;
    }

    private static void equal(StringBuilder where, MapSqlParameterSource params, String column, String value) {
        if (value != null) {
            where.append(" AND ").append(column).append(" = :").append(column);
            params.addValue(column, value);
        }
    }

    /** {@code name} as a LIKE prefix, its own wildcards taken literally. */
    static String prefixPattern(String name) {
        return name.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    private static List<String> names(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, NAMES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("security_groups is not a JSON array: " + json, e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
