package io.ultron.app.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A one-connection Hikari pool with a 250 ms connection-timeout, on the real MariaDB, directly and through a proxy. */
class BusyPoolDataSourceIT {

    static FreshDatabase.Infrastructure database;
    static TcpProxy proxy;
    static ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void createDatabase() {
        database = FreshDatabase.create();
        URI server = URI.create(FreshDatabase.SERVER_URL.substring("jdbc:".length()));
        proxy = new TcpProxy(server.getHost(), server.getPort() < 0 ? 3306 : server.getPort());
    }

    @AfterAll
    static void dropDatabase() {
        later.shutdownNow();
        proxy.close();
        FreshDatabase.drop(database.database());
    }

    @Test
    void aBusyPoolIsWaitedForLongerThanTheConnectionTimeout() throws Exception {
        try (HikariDataSource hikari = pool(database.jdbcUrl())) {
            var dataSource = new BusyPoolDataSource(hikari, Duration.ofSeconds(10));
            Connection held = dataSource.getConnection();
            assertThatThrownBy(hikari::getConnection).as("Hikari alone gives up after its connection-timeout")
                    .isInstanceOf(SQLTransientConnectionException.class);

            // the only connection comes back after four connection-timeouts
            later.schedule(() -> closeQuietly(held), 1, TimeUnit.SECONDS);
            long start = System.nanoTime();
            try (Connection next = dataSource.getConnection()) {
                assertThat(next.isValid(1)).isTrue();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(500));
        }
    }

    @Test
    void anUnreachableDatabaseFailsWithinTheConnectionTimeoutAndIsUsedAgainOnceBack() throws Exception {
        String proxied = "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + database.database();
        try (HikariDataSource hikari = pool(proxied)) {
            var dataSource = new BusyPoolDataSource(hikari, Duration.ofSeconds(10));
            dataSource.getConnection().close();

            proxy.cut();
            // the pooled connection breaks on its next use; after it, the pool cannot open another
            try (Connection stale = dataSource.getConnection(); var statement = stale.createStatement()) {
                statement.execute("SELECT 1");
            } catch (SQLException broken) {
                // as expected
            }
            long start = System.nanoTime();
            assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class).hasCauseInstanceOf(SQLException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("one connection-timeout, not the busy-pool wait")
                    .isLessThan(Duration.ofSeconds(2));

            proxy.restore();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    return connection.isValid(1);
                }
            });
        }
    }

    @Test
    void theNodesPoolIsWrappedAndStillUnwrapsToHikari() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withUserConfiguration(DatabaseConfiguration.class)
                .withPropertyValues("spring.datasource.url=" + database.jdbcUrl(), "spring.datasource.username=" + FreshDatabase.USER,
                        "spring.datasource.password=" + FreshDatabase.PASSWORD, "spring.datasource.hikari.maximum-pool-size=1")
                .run(context -> {
                    DataSource dataSource = context.getBean(DataSource.class);
                    assertThat(dataSource).isInstanceOf(LazyConnectionDataSourceProxy.class);
                    assertThat(((LazyConnectionDataSourceProxy) dataSource).getTargetDataSource()).isInstanceOf(BusyPoolDataSource.class);
                    assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
                    assertThat(dataSource.unwrap(HikariDataSource.class).getJdbcUrl()).isEqualTo(database.jdbcUrl());
                    try (Connection connection = dataSource.getConnection()) {
                        assertThat(connection.isValid(1)).isTrue();
                    }
                });
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(FreshDatabase.USER);
        config.setPassword(FreshDatabase.PASSWORD);
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(250);
        config.setValidationTimeout(250);
        return new HikariDataSource(config);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
