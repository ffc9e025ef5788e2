package io.ultron.app.roles;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** REST controllers (commands and queries) and query handlers. */
@Configuration
@Conditional(Roles.IsApi.class)
@ComponentScan({"io.ultron.command", "io.ultron.query"})
class ApiRole {
}
