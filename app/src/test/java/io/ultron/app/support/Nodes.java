package io.ultron.app.support;

import io.ultron.app.UltronApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/** Whole Ultron nodes for tests that need more than one, on a shared {@link FreshDatabase.Infrastructure}. */
public final class Nodes {

    private Nodes() {
    }

    /** Starts a node on a free port; {@code args} are extra {@code --key=value} settings. */
    public static ConfigurableApplicationContext start(FreshDatabase.Infrastructure infra, List<Class<?>> extraSources, String... args) {
        List<String> all = new ArrayList<>(List.of(infra.asArgs()));
        all.add("--server.port=0");
        all.addAll(List.of(args));
        List<Class<?>> sources = new ArrayList<>(List.of(UltronApplication.class));
        sources.addAll(extraSources);
        return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).run(all.toArray(String[]::new));
    }

    public static ConfigurableApplicationContext start(FreshDatabase.Infrastructure infra, String... args) {
        return start(infra, List.of(), args);
    }

    public static Http http(ConfigurableApplicationContext node) {
        return new Http(((WebServerApplicationContext) node).getWebServer().getPort());
    }

    /** Closes the nodes that started (in reverse order) and drops the database. */
    public static void stop(FreshDatabase.Infrastructure infra, ConfigurableApplicationContext... nodes) {
        for (int i = nodes.length - 1; i >= 0; i--) {
            if (nodes[i] != null) {
                nodes[i].close();
            }
        }
        if (infra != null) {
            FreshDatabase.drop(infra.database());
        }
    }
}
