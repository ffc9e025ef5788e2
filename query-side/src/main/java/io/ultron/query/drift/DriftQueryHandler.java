package io.ultron.query.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.api.drift.DriftQueries.FindUnownedServerQuery;
import io.ultron.api.drift.DriftQueries.FindUnownedServersQuery;
import io.ultron.api.drift.DriftViews.UnownedServerView;
import io.ultron.api.drift.UnownedKind;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads {@code unowned_server_view}: the present rows, unless one is asked for by id. */
@Component
class DriftQueryHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final String SELECT = "SELECT id, cluster_id, nova_server_id, name, kind, nova_status, host, addresses,"
            + " found_at, updated_at, deletion_started_at FROM unowned_server_view";
    private static final RowMapper<UnownedServerView> ROW = (rs, n) -> new UnownedServerView(rs.getString("id"),
            rs.getString("cluster_id"), rs.getString("nova_server_id"), rs.getString("name"),
            UnownedKind.valueOf(rs.getString("kind")), rs.getString("nova_status"), rs.getString("host"),
            addresses(rs.getString("addresses")), instant(rs.getTimestamp("found_at")),
            instant(rs.getTimestamp("updated_at")), instant(rs.getTimestamp("deletion_started_at")));

    private final NamedParameterJdbcTemplate jdbc;

    DriftQueryHandler(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    List<UnownedServerView> unownedServers(FindUnownedServersQuery query) {
        StringBuilder where = new StringBuilder(" WHERE present = TRUE");
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (query.clusterId() != null) {
            where.append(" AND cluster_id = :cluster");
            params.addValue("cluster", query.clusterId().value());
        }
        if (query.kind() != null) {
            where.append(" AND kind = :kind");
            params.addValue("kind", query.kind().name());
        }
        return jdbc.query(SELECT + where + " ORDER BY found_at, id", params, ROW);
    }

    @QueryHandler
    Optional<UnownedServerView> unownedServer(FindUnownedServerQuery query) {
        return jdbc.query(SELECT + " WHERE id = :id AND present = TRUE", new MapSqlParameterSource("id", query.id().value()), ROW)
                .stream().findFirst();
    }

    private static List<String> addresses(String json) {
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("addresses of an unowned server are not a JSON list: " + json, e);
        }
    }

    private static Instant instant(Timestamp time) {
        return time == null ? null : time.toInstant();
    }
}
