package io.ultron.app.embedded;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.cluster.RegisterClusterCommand;
import io.ultron.api.error.DomainException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * In the zero-install run, registers the embedded simulator's clusters (IDC {@code demo-idc-1}, area {@code demo})
 * through the ordinary command path, so the README's examples reach a working OpenStack. Names already taken (a
 * restart on the same data) are left as they are.
 */
@Configuration
@ConditionalOnProperty(prefix = "ultron.simulated-fleet", name = "keystone-urls.cluster-1")
@EnableConfigurationProperties(DemoClusters.DemoProperties.class)
class DemoClusters {

    private static final Logger log = LoggerFactory.getLogger(DemoClusters.class);

    /**
     * @param keystoneUrls simulated cluster name to its Keystone v3 URL (not under {@code ultron.demo}: the
     *                     {@code ULTRON_DEMO_CLUSTERS} switch would bind there)
     */
    @ConfigurationProperties("ultron.simulated-fleet")
    record DemoProperties(Map<String, String> keystoneUrls) {
    }

    private final CommandGateway commands;
    private final DemoProperties demo;

    DemoClusters(CommandGateway commands, DemoProperties demo) {
        this.commands = commands;
        this.demo = demo;
    }

    @EventListener(ApplicationReadyEvent.class)
    void registerSimulatedClusters() {
        new TreeMap<>(demo.keystoneUrls()).forEach((name, keystoneUrl) -> {
            try {
                commands.sendAndWait(new RegisterClusterCommand(ClusterId.random(), name, "demo", "demo-idc-1", keystoneUrl,
                        "sim/" + name, "simulated", Set.of(Capability.CLOUD_DISK, Capability.LOCAL_DISK), 20));
                log.info("registered simulated cluster {} in IDC demo-idc-1", name);
            } catch (DomainException alreadyThere) {
                log.info("simulated cluster {} already registered", name);
            }
        });
    }
}
