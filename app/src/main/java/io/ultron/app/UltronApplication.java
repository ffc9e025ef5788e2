package io.ultron.app;

import io.ultron.app.embedded.EmbeddedInfrastructure;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * One executable, two roles (see {@link io.ultron.app.roles.Roles}). Only {@code io.ultron.app} is
 * scanned here; the feature modules are pulled in by the role configurations.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class UltronApplication {

    public static void main(String[] args) {
        EmbeddedInfrastructure.startUnlessConfigured();
        SpringApplication.run(UltronApplication.class, args);
    }
}
