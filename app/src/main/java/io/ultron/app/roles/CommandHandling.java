package io.ultron.app.roles;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.web.bind.annotation.RestController;

/**
 * Aggregates and command-side services run on every node: sagas on a conductor send their results
 * back as commands, and the command bus is local to each node. Only the REST controllers need the api role.
 */
@Configuration
@ComponentScan(basePackages = "io.ultron.command",
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = RestController.class))
class CommandHandling {
}
