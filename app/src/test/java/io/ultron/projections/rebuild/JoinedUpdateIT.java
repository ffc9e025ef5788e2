package io.ultron.projections.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.jdbc.JdbcConnection;
import io.ultron.app.support.FreshDatabase;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Against the real database: a rebuild's batches written as joined statements leave a table exactly as the same
 * statements sent one by one leave a copy of it, for guarded updates, counters, literals, NULLs, a composite key
 * and rows the guard skips. The joined statements go as the rebuild sends them: in pieces of 2^n rows, prepared on
 * the server over the rebuild writers' own connections ({@link RebuildConnections}).
 */
class JoinedUpdateIT {

    private static FreshDatabase.Infrastructure database;
    private static JdbcTemplate jdbc;
    private static HikariDataSource nodePool;

    @BeforeAll
    static void createDatabase() {
        database = FreshDatabase.create();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(database.jdbcUrl() + "?connectionTimeZone=UTC&rewriteBatchedStatements=true",
                FreshDatabase.USER, FreshDatabase.PASSWORD));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(FreshDatabase.USER);
        config.setPassword(FreshDatabase.PASSWORD);
        config.addDataSourceProperty("connectionTimeZone", "UTC");
        config.addDataSourceProperty("rewriteBatchedStatements", "true");
        nodePool = new HikariDataSource(config);
    }

    @AfterAll
    static void dropDatabase() {
        nodePool.close();
        FreshDatabase.drop(database.database());
    }

    @Test
    void joinedBatchesChangeExactlyWhatTheStatementsOneByOneChange() {
        for (String table : List.of("pool_joined", "pool_one_by_one")) {
            jdbc.execute("""
                    CREATE TABLE %s (subnet_id VARCHAR(64) NOT NULL, cluster_id VARCHAR(64) NOT NULL, status VARCHAR(16) NOT NULL,
                      reason VARCHAR(255) NULL, used INT NOT NULL, changed_at TIMESTAMP(6) NULL, version BIGINT NOT NULL,
                      PRIMARY KEY (subnet_id, cluster_id))""".formatted(table));
        }
        Random random = new Random(42);
        List<Object[]> rows = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            for (int c = 0; c < 5; c++) {
                rows.add(new Object[]{"subnet-" + s, "az" + c, "ACTIVE", null, random.nextInt(100), null, (long) random.nextInt(5)});
            }
        }
        for (String table : List.of("pool_joined", "pool_one_by_one")) {
            jdbc.batchUpdate("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?)", rows);
        }
        Map<String, Set<String>> keys = Map.of("pool_joined", Set.of("subnet_id", "cluster_id"));
        String[] forms = {
                "UPDATE {table} SET status = ?, reason = ?, changed_at = ?, version = ? WHERE subnet_id = ? AND cluster_id = ? AND version < ?",
                "UPDATE {table} SET used = used + ? WHERE subnet_id = ? AND cluster_id = ?",
                "UPDATE {table} SET status = 'DELETED', used = used - ? WHERE cluster_id = ? AND subnet_id = ?"
        };

        // one pool for all rounds, as for a whole rebuild: later rounds execute statements prepared by earlier ones
        try (RebuildConnections writers = RebuildConnections.open(nodePool, 1)) {
            assertThat(writers.jdbc.execute((ConnectionCallback<Boolean>) connection -> connection.unwrap(JdbcConnection.class)
                    .getPropertySet().getBooleanProperty(PropertyKey.useServerPrepStmts).getValue())).isTrue();
            for (int round = 0; round < 20; round++) {
                Map<String, List<Object[]>> batches = new LinkedHashMap<>();
                List<Object[]> shuffled = new ArrayList<>(rows);
                java.util.Collections.shuffle(shuffled, random);
                // 10 to 199 rows a round: joined pieces of every size from 128 down to 1
                for (Object[] row : shuffled.subList(0, 10 + random.nextInt(190))) {
                    int form = random.nextInt(forms.length);
                    long version = random.nextInt(10);
                    Object[] args = switch (form) {
                        case 0 -> new Object[]{random.nextBoolean() ? "DRAINING" : "ACTIVE", random.nextBoolean() ? null : "reason " + round,
                                Timestamp.from(Instant.parse("2026-11-26T10:00:00Z").plusMillis(random.nextInt(1_000_000))), version,
                                row[0], row[1], version};
                        case 1 -> new Object[]{random.nextInt(7) - 3, row[0], row[1]};
                        default -> new Object[]{random.nextInt(3), row[1], row[0]};
                    };
                    batches.computeIfAbsent(forms[form], f -> new ArrayList<>()).add(args);
                }
                Map<String, List<Object[]>> joined = new LinkedHashMap<>();
                batches.forEach((form, args) -> {
                    joined.put(form.replace(ViewWrites.TABLE, "pool_joined"), args);
                    for (Object[] one : args) {
                        jdbc.update(form.replace(ViewWrites.TABLE, "pool_one_by_one"), one);
                    }
                });
                writers.transactions.executeWithoutResult(
                        status -> ProjectionTables.write(writers.jdbc, List.of(joined), sql -> JoinedUpdate.of(sql, keys)));
            }
        }

        String select = "SELECT subnet_id, cluster_id, status, reason, used, changed_at, version FROM %s ORDER BY subnet_id, cluster_id";
        List<Map<String, Object>> oneByOne = jdbc.queryForList(select.formatted("pool_one_by_one"));
        assertThat(jdbc.queryForList(select.formatted("pool_joined"))).isEqualTo(oneByOne);
        // the rounds did change the table: guards let some updates through and stopped others
        assertThat(oneByOne).anySatisfy(row -> assertThat(row.get("status")).isEqualTo("DELETED"));
        assertThat(oneByOne).anySatisfy(row -> assertThat(row.get("status")).isEqualTo("DRAINING"));
        assertThat(oneByOne).anySatisfy(row -> assertThat(row.get("reason")).isNotNull());
    }
}
