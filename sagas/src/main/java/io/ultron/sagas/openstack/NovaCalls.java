package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;
import org.openstack4j.api.types.ServiceType;
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

    /** Creates a server on one existing port; Nova answers with its id while it is still building. */
    NovaServer createServer(String name, String flavorRef, String imageRef, String portId, Map<String, String> metadata) {
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("name", name);
        server.put("flavorRef", flavorRef);
        server.put("imageRef", imageRef);
        server.put("networks", List.of(Map.of("port", portId)));
        server.put("metadata", metadata);
        String body = json(Map.of("server", server));
        return read(send(() -> post(NovaServer.class, "/servers").json(body).executeWithResponse()), NovaServer.class);
    }

    /** @return false when there was no such server */
    boolean deleteServer(String serverId) {
        return deleted(send(() -> delete(Void.class, "/servers/" + serverId).executeWithResponse()));
    }

    ExtHypervisorStatistics hypervisorStatistics() {
        return read(send(() -> get(ExtHypervisorStatistics.class, "/os-hypervisors/statistics").executeWithResponse()),
                ExtHypervisorStatistics.class);
    }
}
