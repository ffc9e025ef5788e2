package io.ultron.app.roles;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The REST controllers of the command and query sides. */
@Configuration
@Conditional(Roles.IsApi.class)
@ComponentScan({"io.ultron.command", "io.ultron.query"})
class ApiRole {
}
