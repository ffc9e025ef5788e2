package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;
import org.openstack4j.api.types.ServiceType;
import org.openstack4j.core.transport.HttpEntityHandler;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.openstack.compute.domain.NovaInterfaceAttachment;
import org.openstack4j.openstack.compute.domain.NovaServer;
import org.openstack4j.openstack.compute.domain.ext.ExtHypervisorStatistics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Nova v2.1 requests the adapter makes (see {@link OpenStackRequests} for how answers are read). */
final class NovaCalls extends OpenStackRequests {

    private static final int PAGE = 500;
    private static final Pattern REGEX_SPECIALS = Pattern.compile("[\\\\.\\[\\]{}()*+?^$|]");

    NovaCalls(ClusterId cluster, String operation) {
        super(ServiceType.COMPUTE, Function.identity(), "Nova", cluster, operation);
    }

    /**
     * Every server with exactly this name, in detail. Nova reads the {@code name} filter as a regular expression,
     * so it is sent anchored and escaped, and the answer is checked for the exact name again.
     */
    List<NovaServer> serversNamed(String name) {
        String pattern = "^" + REGEX_SPECIALS.matcher(name).replaceAll(match -> Matcher.quoteReplacement("\\" + match.group()))
                + "$";
        var response = send(() -> get(NovaServer.Servers.class, "/servers/detail").param("name", pattern)
                .executeWithResponse());
        return read(response, NovaServer.Servers.class).getList().stream()
                .filter(server -> name.equals(server.getName()))
                .toList();
    }

    /**
     * Every server whose name starts with {@code prefix} (null: any name) and, with {@code since}, that changed
     * since then (Nova then lists deleted servers too, as DELETED), in detail, following Nova's pages
     * ({@code marker}) to the end.
     */
    List<NovaServer> servers(String prefix, java.time.Instant since) {
        String pattern = prefix == null ? null
                : "^" + REGEX_SPECIALS.matcher(prefix).replaceAll(match -> Matcher.quoteReplacement("\\" + match.group()));
        List<NovaServer> all = new java.util.ArrayList<>();
        String marker = null;
        while (true) {
            String after = marker;
            var response = send(() -> {
                var request = get(NovaServer.Servers.class, "/servers/detail").param("limit", PAGE);
                if (pattern != null) {
                    request = request.param("name", pattern);
                }
                if (since != null) {
                    request = request.param("changes-since", since.toString());
                }
                return (after == null ? request : request.param("marker", after)).executeWithResponse();
            });
            List<NovaServer> page = read(response, NovaServer.Servers.class).getList();
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
            marker = page.get(page.size() - 1).getId();
        }
    }

    /**
     * Creates a server on one existing port; Nova answers with its id while it is still building. With a boot
     * volume size, Nova boots from a new volume of that size made from the image (deleted with the server) instead
     * of the hypervisor's disk.
     */
    NovaServer createServer(String name, String flavorRef, String imageRef, Integer bootVolumeGb, String portId,
                            Map<String, String> metadata) {
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("name", name);
        server.put("flavorRef", flavorRef);
        if (bootVolumeGb == null) {
            server.put("imageRef", imageRef);
        } else {
            server.put("block_device_mapping_v2", List.of(Map.of("boot_index", 0, "uuid", imageRef,
                    "source_type", "image", "destination_type", "volume", "volume_size", bootVolumeGb,
                    "delete_on_termination", true)));
        }
        server.put("networks", List.of(Map.of("port", portId)));
        server.put("metadata", metadata);
        String body = json(Map.of("server", server));
        return read(send(() -> post(NovaServer.class, "/servers").json(body).executeWithResponse()), NovaServer.class);
    }

    /** @return false when there was no such server */
    boolean deleteServer(String serverId) {
        return deleted(send(() -> delete(Void.class, "/servers/" + serverId).executeWithResponse()));
    }

    /** A server action ({@code os-start}, {@code os-stop}, {@code reboot}, ...); Nova answers 202 and acts on it. */
    void action(String serverId, String action, Object argument) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put(action, argument);
        String body = json(request);
        HttpResponse response = send(() -> post(Void.class, "/servers/" + serverId + "/action").json(body)
                .executeWithResponse());
        try {
            failUnlessSuccessful(response);
        } finally {
            HttpEntityHandler.closeQuietly(response);
        }
    }

    /** The ports plugged into the server (Nova's os-interface). */
    List<String> interfacePortIds(String serverId) {
        var response = send(() -> get(NovaInterfaceAttachment.NovaInterfaceAttachments.class,
                "/servers/" + serverId + "/os-interface").executeWithResponse());
        return read(response, NovaInterfaceAttachment.NovaInterfaceAttachments.class).getList().stream()
                .map(NovaInterfaceAttachment::getPortId).toList();
    }

    /** Plugs an existing, unbound port into the server (Nova's os-interface); Nova binds it. */
    void attachInterface(String serverId, String portId) {
        String body = json(Map.of("interfaceAttachment", Map.of("port_id", portId)));
        read(send(() -> post(NovaInterfaceAttachment.class, "/servers/" + serverId + "/os-interface").json(body)
                .executeWithResponse()), NovaInterfaceAttachment.class);
    }

    ExtHypervisorStatistics hypervisorStatistics() {
        return read(send(() -> get(ExtHypervisorStatistics.class, "/os-hypervisors/statistics").executeWithResponse()),
                ExtHypervisorStatistics.class);
    }

    /** Nova's {@code PUT /servers/{id}}: only the name changes. */
    void renameServer(String serverId, String name) {
        String body = json(Map.of("server", Map.of("name", name)));
        read(send(() -> put(NovaServer.class, "/servers/" + serverId).json(body).executeWithResponse()), NovaServer.class);
    }
}
