package io.ultron.app.roles;

import org.axonframework.config.ProcessingGroup;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Event processors: projections and sagas, the offline jobs that live with them, and the command side's event
 * handlers (its {@link ProcessingGroup} classes).
 */
@Configuration
@Conditional(Roles.IsConductor.class)
@ComponentScan({"io.ultron.projections", "io.ultron.sagas"})
@ComponentScan(basePackages = "io.ultron.command", useDefaultFilters = false,
        includeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = ProcessingGroup.class))
class ConductorRole {
}
