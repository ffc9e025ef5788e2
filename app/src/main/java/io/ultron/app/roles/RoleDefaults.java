package io.ultron.app.roles;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Settings that follow from the node's roles: only conductors run db-scheduler, because the deadlines it
 * fires belong to sagas, which live on conductors.
 */
public class RoleDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean conductor = Roles.of(environment.getProperty(Roles.PROPERTY, Roles.API + "," + Roles.CONDUCTOR)).contains(Roles.CONDUCTOR);
        if (!conductor && !environment.containsProperty("db-scheduler.enabled")) {
            environment.getPropertySources().addLast(new MapPropertySource("ultron-role-defaults", Map.of("db-scheduler.enabled", "false")));
        }
    }
}
