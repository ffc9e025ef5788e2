package io.ultron.sagas.openstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.api.cluster.ClusterId;
import io.ultron.sagas.openstack.OpenStackNetworks.IpRange;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.types.ServiceType;
import org.openstack4j.core.transport.HttpEntityHandler;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.openstack.common.functions.EnforceVersionToURL;
import org.openstack4j.openstack.internal.BaseOpenStackService;
import org.openstack4j.openstack.networking.domain.NeutronNetwork;
import org.openstack4j.openstack.networking.domain.NeutronSubnet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Neutron v2.0 requests the adapter makes, through OpenStack4j's transport and session (token, endpoint
 * from the catalog, timeouts, the session's headers) but reading each answer's status and headers itself, so a
 * 429's Retry-After and a 5xx become an {@link OpenStackCallException} with the status. Valid only on the thread
 * whose OpenStack4j session was just set up.
 */
final class NeutronCalls extends BaseOpenStackService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    private static final int MAX_ERROR_BODY = 300;

    private final ClusterId cluster;
    private final String operation;

    NeutronCalls(ClusterId cluster, String operation) {
        super(ServiceType.NETWORK, EnforceVersionToURL.instance("/v2.0"));
        this.cluster = cluster;
        this.operation = operation;
    }

    Optional<NeutronNetwork> networkNamed(String name) {
        HttpResponse response = send(() -> get(NeutronNetwork.Networks.class, "/networks").param("name", name)
                .executeWithResponse());
        List<NeutronNetwork> found = read(response, NeutronNetwork.Networks.class).getList();
        return found.stream().filter(network -> name.equals(network.getName())).findFirst();
    }

    NeutronNetwork createNetwork(String name) {
        String body = json(Map.of("network", Map.of("name", name, "admin_state_up", true)));
        return read(send(() -> post(NeutronNetwork.class, "/networks").json(body).executeWithResponse()),
                NeutronNetwork.class);
    }

    Optional<NeutronSubnet> subnetNamed(String networkId, String name) {
        HttpResponse response = send(() -> get(NeutronSubnet.Subnets.class, "/subnets")
                .param("network_id", networkId).param("name", name).executeWithResponse());
        List<NeutronSubnet> found = read(response, NeutronSubnet.Subnets.class).getList();
        return found.stream()
                .filter(subnet -> name.equals(subnet.getName()) && networkId.equals(subnet.getNetworkId()))
                .findFirst();
    }

    NeutronSubnet createSubnet(String networkId, String name, String cidr, String gateway, List<IpRange> pools) {
        Map<String, Object> subnet = new LinkedHashMap<>();
        subnet.put("name", name);
        subnet.put("network_id", networkId);
        subnet.put("ip_version", 4);
        subnet.put("cidr", cidr);
        subnet.put("gateway_ip", gateway);
        subnet.put("allocation_pools", pools(pools));
        subnet.put("enable_dhcp", false);
        String body = json(Map.of("subnet", subnet));
        return read(send(() -> post(NeutronSubnet.class, "/subnets").json(body).executeWithResponse()),
                NeutronSubnet.class);
    }

    NeutronSubnet updatePools(String subnetId, List<IpRange> pools) {
        String body = json(Map.of("subnet", Map.of("allocation_pools", pools(pools))));
        return read(send(() -> put(NeutronSubnet.class, "/subnets/" + subnetId).json(body).executeWithResponse()),
                NeutronSubnet.class);
    }

    /** @return false when there was no such subnet */
    boolean deleteSubnet(String subnetId) {
        return deleted(send(() -> delete(Void.class, "/subnets/" + subnetId).executeWithResponse()));
    }

    /** @return false when there was no such network */
    boolean deleteNetwork(String networkId) {
        return deleted(send(() -> delete(Void.class, "/networks/" + networkId).executeWithResponse()));
    }

    private HttpResponse send(Supplier<HttpResponse> request) {
        try {
            return request.get();
        } catch (ConnectionException e) {
            throw new OpenStackCallException(cluster, operation, OpenStackCallException.Reason.UNREACHABLE, null, null,
                    "Neutron did not answer: " + e.getMessage(), e);
        }
    }

    private <T> T read(HttpResponse response, Class<T> type) {
        failUnlessSuccessful(response);
        try {
            return response.readEntity(type);
        } finally {
            HttpEntityHandler.closeQuietly(response);
        }
    }

    private boolean deleted(HttpResponse response) {
        try {
            if (response.getStatus() == 404) {
                return false;
            }
            failUnlessSuccessful(response);
            return true;
        } finally {
            HttpEntityHandler.closeQuietly(response);
        }
    }

    private void failUnlessSuccessful(HttpResponse response) {
        int status = response.getStatus();
        if (status >= 200 && status < 300) {
            return;
        }
        String message = "Neutron answered " + status + ": " + body(response);
        OpenStackCallException.Reason reason;
        Duration retryAfter = null;
        if (status == 429) {
            reason = OpenStackCallException.Reason.RATE_LIMITED;
            retryAfter = ClusterResilience.atLeastAMoment(retryAfter(response.header("Retry-After")));
        } else if (status == 401) {
            reason = OpenStackCallException.Reason.UNAUTHORIZED;
        } else if (status >= 500) {
            reason = OpenStackCallException.Reason.SERVER_ERROR;
        } else {
            reason = OpenStackCallException.Reason.REJECTED;
        }
        throw new OpenStackCallException(cluster, operation, reason, status, retryAfter, message, null);
    }

    private static String body(HttpResponse response) {
        try (InputStream in = response.getInputStream()) {
            String body = in == null ? "" : new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
            return body.length() == MAX_ERROR_BODY ? body + "..." : body;
        } catch (IOException | RuntimeException unreadable) {
            return "(no readable body)";
        } finally {
            HttpEntityHandler.closeQuietly(response);
        }
    }

    /** Retry-After is either delta-seconds or an HTTP date. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT_RETRY_AFTER;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return DEFAULT_RETRY_AFTER;
            }
        }
    }

    private static List<Map<String, String>> pools(List<IpRange> pools) {
        return pools.stream().map(pool -> Map.of("start", pool.start(), "end", pool.end())).toList();
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write request body", e);
        }
    }
}
