package io.ultron.app.roles;

import org.axonframework.config.ProcessingGroup;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.web.bind.annotation.RestController;

/**
 * Aggregates, command-side services and query handlers run on every node: sagas on a conductor send
 * their results back as commands and look up clusters by query, and the buses are local to each node.
 * Only the REST controllers need the api role, and the command side's own event handlers (such as the end of
 * placement reservations) are event processors, which run on conductors (see {@link ConductorRole}).
 */
@Configuration
@ComponentScan(basePackages = {"io.ultron.command", "io.ultron.query"},
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = {RestController.class,
                ProcessingGroup.class}))
class CommandHandling {
}
