package io.ultron.app.database;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    /**
     * Wraps the node's Hikari pool so that a busy pool is waited for and only an unreachable database fails fast, and
     * so that a transaction takes a connection at its first statement, not when it begins. A command handler that only
     * waits for other work (a server's address waits for its VPC's allocation batch, which needs a connection of its
     * own) then holds none: with eager connections, a node's address threads held every connection of a small pool
     * while their allocations waited for one, and a 100-server batch stalled.
     */
    @Bean
    static BeanPostProcessor busyPoolWaits(Environment environment) {
        Duration busyPoolWait = Binder.get(environment).bind("ultron.database.busy-pool-wait", Duration.class)
                .orElse(Duration.ofSeconds(30));
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof HikariDataSource pool
                        ? new LazyConnectionDataSourceProxy(new BusyPoolDataSource(pool, busyPoolWait)) : bean;
            }
        };
    }
}
