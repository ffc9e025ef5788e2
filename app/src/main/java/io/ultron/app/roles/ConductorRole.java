package io.ultron.app.roles;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** Event processors: projections and sagas, and the offline jobs that live with them. */
@Configuration
@Conditional(Roles.IsConductor.class)
@ComponentScan({"io.ultron.projections", "io.ultron.sagas"})
class ConductorRole {
}
