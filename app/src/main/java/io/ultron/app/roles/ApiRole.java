package io.ultron.app.roles;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RestController;

/** The REST controllers of the command and query sides. */
@Configuration
@Conditional(Roles.IsApi.class)
@ComponentScan(basePackages = {"io.ultron.command", "io.ultron.query"}, useDefaultFilters = false,
        includeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = RestController.class))
class ApiRole {
}
