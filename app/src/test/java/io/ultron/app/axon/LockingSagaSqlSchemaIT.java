package io.ultron.app.axon;

import com.zaxxer.hikari.HikariDataSource;
import io.ultron.app.support.FreshDatabase;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes working on one saga at once (one handling its event, the other its deadline) are serialised by the
 * database: the second load waits for the first unit of work to commit and sees what it wrote.
 */
class LockingSagaSqlSchemaIT {

    static FreshDatabase.Infrastructure database;
    static HikariDataSource pool;
    static JdbcSagaStore sagas;
    static TransactionTemplate transactions;

    /** A saga's state, as Axon stores it. */
    public static class Counter {
        public int steps;
    }

    @BeforeAll
    static void start() {
        database = FreshDatabase.create();
        pool = new HikariDataSource();
        pool.setJdbcUrl(database.jdbcUrl());
        pool.setUsername(FreshDatabase.USER);
        pool.setPassword(FreshDatabase.PASSWORD);
        pool.setMaximumPoolSize(4);
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        sagas = JdbcSagaStore.builder().connectionProvider(new SpringDataSourceConnectionProvider(pool))
                .sqlSchema(new LockingSagaSqlSchema()).serializer(JacksonSerializer.defaultSerializer()).build();
        transactions = new TransactionTemplate(new DataSourceTransactionManager(pool));
    }

    @AfterAll
    static void stop() {
        pool.close();
        FreshDatabase.drop(database.database());
    }

    @Test
    void aSagaLoadedOnOneNodeWaitsForTheOtherNodesUnitOfWorkAndSeesItsChange() {
        transactions.executeWithoutResult(status -> sagas.insertSaga(Counter.class, "saga-1", new Counter(), Set.of()));
        CountDownLatch firstLoaded = new CountDownLatch(1);
        CompletableFuture<Void> second = new CompletableFuture<>();

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            Counter counter = sagas.loadSaga(Counter.class, "saga-1").saga();
            firstLoaded.countDown();
            // the other node's load now either waits for this transaction or has already read and written
            await().atMost(Duration.ofSeconds(20)).until(() -> second.isDone() || loadsWaiting() > 0);
            counter.steps++;
            sagas.updateSaga(Counter.class, "saga-1", counter, new AssociationValuesImpl());
        }));
        CompletableFuture.runAsync(() -> {
            try {
                firstLoaded.await();
                transactions.executeWithoutResult(status -> {
                    Counter counter = sagas.loadSaga(Counter.class, "saga-1").saga();
                    counter.steps++;
                    sagas.updateSaga(Counter.class, "saga-1", counter, new AssociationValuesImpl());
                });
                second.complete(null);
            } catch (Throwable failure) {
                second.completeExceptionally(failure);
            }
        });
        first.join();
        second.join();

        Counter stored = transactions.execute(status -> sagas.loadSaga(Counter.class, "saga-1").saga());
        assertThat(stored.steps).as("both units of work counted, neither overwrote the other").isEqualTo(2);
    }

    private static int loadsWaiting() {
        return new JdbcTemplate(pool).queryForObject(
                "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT' AND trx_mysql_thread_id IN "
                        + "(SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ?)", Integer.class, database.database());
    }
}
