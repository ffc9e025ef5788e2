package io.ultron.projections.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * An empty database of its own on the local MariaDB/MySQL, migrated with this module's Flyway migrations, for one
 * test class: {@link #create()} in {@code @BeforeAll}, {@link #close()} (drops it) in {@code @AfterAll}. The
 * projections module's small equivalent of the app's {@code FreshDatabase}, with the same overrides:
 * {@code ULTRON_TEST_DB_URL} (a server URL without database), {@code ULTRON_TEST_DB_USER}/{@code _PASSWORD}.
 */
public final class FreshDatabase implements AutoCloseable {

    private static final String SERVER_URL = env("ULTRON_TEST_DB_URL", "jdbc:mysql://127.0.0.1:3306/");
    private static final String USER = env("ULTRON_TEST_DB_USER", "root");
    private static final String PASSWORD = env("ULTRON_TEST_DB_PASSWORD", "");
    /** The MariaDB is shared with other work (max_connections 151); one test class needs one connection at a time. */
    private static final int POOL_SIZE = 2;

    private final String name;
    private final HikariDataSource dataSource;

    private FreshDatabase(String name, HikariDataSource dataSource) {
        this.name = name;
        this.dataSource = dataSource;
    }

    /** Creates {@code ultron_pt_<random>} and runs the migrations on it. */
    public static FreshDatabase create() {
        String name = "ultron_pt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        HikariDataSource dataSource = null;
        try {
            dataSource = pool(name);
            Flyway.configure()
                    .dataSource(dataSource)
                    // this module's migrations, and the stand-in for the event store table one of them reads
                    .locations("classpath:db/migration", "classpath:db/stand-in")
                    .load()
                    .migrate();
            return new FreshDatabase(name, dataSource);
        } catch (RuntimeException e) {
            if (dataSource != null) {
                dataSource.close();
            }
            execute("DROP DATABASE IF EXISTS " + name);
            throw e;
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }

    @Override
    public void close() {
        dataSource.close();
        execute("DROP DATABASE IF EXISTS " + name);
    }

    /** The connection settings of the app's spring.datasource (application.yml), with a small pool. */
    private static HikariDataSource pool(String database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(SERVER_URL + database);
        config.setUsername(USER);
        config.setPassword(PASSWORD);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(1500);
        config.setValidationTimeout(1000);
        config.addDataSourceProperty("connectTimeout", 1000);
        // every session in UTC, so TIMESTAMP columns and Axon's instants agree
        config.addDataSourceProperty("connectionTimeZone", "UTC");
        config.addDataSourceProperty("forceConnectionTimeZoneToSession", true);
        config.addDataSourceProperty("rewriteBatchedStatements", true);
        config.setPoolName(database);
        return new HikariDataSource(config);
    }

    private static void execute(String sql) {
        try (var connection = DriverManager.getConnection(SERVER_URL, USER, PASSWORD);
             var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("the projection tests need MariaDB/MySQL at " + SERVER_URL + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
