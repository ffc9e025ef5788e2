package io.ultron.app.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.UUID;

/**
 * Gives each Spring context its own empty database on the local MariaDB/MySQL (and its own Redis key
 * prefix), and drops the database when the context closes. {@code ULTRON_TEST_DB_URL} (a server URL
 * without database), {@code ULTRON_TEST_DB_USER}/{@code _PASSWORD} and {@code ULTRON_TEST_REDIS_URL} override the defaults.
 */
public class FreshDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String SERVER_URL = env("ULTRON_TEST_DB_URL", "jdbc:mysql://127.0.0.1:3306/");
    public static final String USER = env("ULTRON_TEST_DB_USER", "root");
    public static final String PASSWORD = env("ULTRON_TEST_DB_PASSWORD", "");
    public static final String REDIS_URL = env("ULTRON_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    /** Every test node's bootstrap admin key ({@code ultron.security.bootstrap-admin-key}); {@link Http} sends it by default. */
    public static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Infrastructure infra = create();
        infra.properties().applyTo(context);
        // registered first, so destroyed last: after the event processors have stopped using the database
        ((DefaultSingletonBeanRegistry) context.getBeanFactory())
                .registerDisposableBean("freshDatabaseDropper", () -> drop(infra.database()));
    }

    /** A new database and Redis prefix; the caller drops the database with {@link #drop}. */
    public static Infrastructure create() {
        String name = "ultron_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        return new Infrastructure(name, SERVER_URL + name, REDIS_URL, "ultron:test:" + name + ":", Infrastructure.POOL_SIZE);
    }

    public static void drop(String database) {
        execute("DROP DATABASE IF EXISTS " + database);
    }

    private static void execute(String sql) {
        try (var connection = DriverManager.getConnection(SERVER_URL, USER, PASSWORD);
             var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("integration tests need MariaDB/MySQL at " + SERVER_URL + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * Where one test context keeps its state. Every node gets a smaller pool than in production, opened as needed: the
     * suite shares one MariaDB (max_connections 151) with other work, and some tests run two or three nodes at once.
     */
    public record Infrastructure(String database, String jdbcUrl, String redisUrl, String redisPrefix, int poolSize) {

        /** Connections per node in tests, unless a test says otherwise (the production default is 30). */
        public static final int POOL_SIZE = 20;

        /** The same database and prefix, reached through another JDBC URL (e.g. a {@link TcpProxy}) and Redis. */
        public Infrastructure via(String otherJdbcUrl, String otherRedisUrl) {
            return new Infrastructure(database, otherJdbcUrl, otherRedisUrl, redisPrefix, poolSize);
        }

        /** The same database and prefix, for nodes with pools of {@code connections}. */
        public Infrastructure withPoolSize(int connections) {
            return new Infrastructure(database, jdbcUrl, redisUrl, redisPrefix, connections);
        }

        /**
         * The settings of an in-process test node. Sync is off unless the test class turns it on
         * ({@code @DynamicPropertySource}, which takes precedence): most classes register clusters that have no
         * OpenStack behind them, which a sync would record DEGRADED, then DOWN, in their histories at a moment of its
         * choosing.
         */
        public TestPropertyValues properties() {
            return TestPropertyValues.of(settings()).and("ultron.sync.enabled=false");
        }

        public String[] asArgs() {
            return Arrays.stream(settings()).map(setting -> "--" + setting).toArray(String[]::new);
        }

        private String[] settings() {
            return new String[]{
                    "spring.datasource.url=" + jdbcUrl,
                    "spring.datasource.username=" + USER,
                    "spring.datasource.password=" + PASSWORD,
                    "spring.datasource.hikari.maximum-pool-size=" + poolSize,
                    "spring.datasource.hikari.minimum-idle=2",
                    "spring.data.redis.url=" + redisUrl,
                    "ultron.redis.key-prefix=" + redisPrefix,
                    "ultron.security.bootstrap-admin-key=" + ADMIN_KEY};
        }
    }
}
