package io.ultron.app.database;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    /** Wraps the node's Hikari pool so that a busy pool is waited for and only an unreachable database fails fast. */
    @Bean
    static BeanPostProcessor busyPoolWaits(Environment environment) {
        Duration busyPoolWait = Binder.get(environment).bind("ultron.database.busy-pool-wait", Duration.class)
                .orElse(Duration.ofSeconds(30));
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof HikariDataSource pool ? new BusyPoolDataSource(pool, busyPoolWait) : bean;
            }
        };
    }
}
