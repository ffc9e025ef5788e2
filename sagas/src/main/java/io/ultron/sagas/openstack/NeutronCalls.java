package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;
import io.ultron.sagas.openstack.OpenStackNetworks.IpRange;
import org.openstack4j.api.types.ServiceType;
import org.openstack4j.openstack.common.functions.EnforceVersionToURL;
import org.openstack4j.openstack.networking.domain.NeutronNetwork;
import org.openstack4j.openstack.networking.domain.NeutronPort;
import org.openstack4j.openstack.networking.domain.NeutronSecurityGroup;
import org.openstack4j.openstack.networking.domain.NeutronSubnet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Neutron v2.0 requests the adapter makes (see {@link OpenStackRequests} for how answers are read). A 409
 * {@code IpAddressAlreadyAllocated} fails with {@link OpenStackCallException.Reason#ADDRESS_IN_USE}.
 */
final class NeutronCalls extends OpenStackRequests {

    private static final String ADDRESS_ALREADY_ALLOCATED = "IpAddressAlreadyAllocated";
    /** Items per page of a listing. */
    static final int PAGE = 500;

    NeutronCalls(ClusterId cluster, String operation) {
        super(ServiceType.NETWORK, EnforceVersionToURL.instance("/v2.0"), "Neutron", cluster, operation);
    }

    @Override
    OpenStackCallException.Reason rejection(int status, String body) {
        if (status == 409 && ADDRESS_ALREADY_ALLOCATED.equals(errorJson(body).path("NeutronError").path("type").asText())) {
            return OpenStackCallException.Reason.ADDRESS_IN_USE;
        }
        return OpenStackCallException.Reason.REJECTED;
    }

    Optional<NeutronNetwork> networkNamed(String name) {
        var response = send(() -> get(NeutronNetwork.Networks.class, "/networks").param("name", name)
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
        var response = send(() -> get(NeutronSubnet.Subnets.class, "/subnets")
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

    /** Every port with exactly this name (Neutron filters names exactly; checked again here). */
    List<NeutronPort> portsNamed(String name) {
        var response = send(() -> get(NeutronPort.Ports.class, "/ports").param("name", name).executeWithResponse());
        return read(response, NeutronPort.Ports.class).getList().stream()
                .filter(port -> name.equals(port.getName()))
                .toList();
    }

    /** A port on the network with one fixed address in the subnet: the given one, or Neutron's choice if null. */
    NeutronPort createPort(String name, String networkId, String subnetId, String fixedIp) {
        Map<String, String> address = new LinkedHashMap<>();
        address.put("subnet_id", subnetId);
        if (fixedIp != null) {
            address.put("ip_address", fixedIp);
        }
        Map<String, Object> port = new LinkedHashMap<>();
        port.put("name", name);
        port.put("network_id", networkId);
        port.put("admin_state_up", true);
        port.put("fixed_ips", List.of(address));
        String body = json(Map.of("port", port));
        return read(send(() -> post(NeutronPort.class, "/ports").json(body).executeWithResponse()), NeutronPort.class);
    }

    /**
     * The ids of the project's security groups with these names, in order. A name no group of the project has,
     * or more than one has, is a rejected request.
     */
    List<String> securityGroupIds(List<String> names) {
        String project = projectId();
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            var response = send(() -> get(NeutronSecurityGroup.SecurityGroups.class, "/security-groups")
                    .param("name", name).param("project_id", project).executeWithResponse());
            List<String> found = read(response, NeutronSecurityGroup.SecurityGroups.class).getList().stream()
                    .filter(group -> name.equals(group.getName()))
                    .map(NeutronSecurityGroup::getId)
                    .toList();
            if (found.size() != 1) {
                throw OpenStackCallException.of(cluster, operation, OpenStackCallException.Reason.REJECTED,
                        (found.isEmpty() ? "no" : found.size()) + " security groups named " + name + " in project "
                                + project);
            }
            ids.add(found.get(0));
        }
        return ids;
    }

    void setPortSecurityGroups(String portId, List<String> securityGroupIds) {
        String body = json(Map.of("port", Map.of("security_groups", securityGroupIds)));
        read(send(() -> put(NeutronPort.class, "/ports/" + portId).json(body).executeWithResponse()), NeutronPort.class);
    }

    /** @return false when there was no such port */
    boolean deletePort(String portId) {
        return deleted(send(() -> delete(Void.class, "/ports/" + portId).executeWithResponse()));
    }

    /** Every subnet the project sees, page by page. */
    List<NeutronSubnet> subnets() {
        return everyPage("/subnets", NeutronSubnet.Subnets.class, NeutronSubnet::getId);
    }

    /** Every port the project sees, page by page. */
    List<NeutronPort> ports() {
        return everyPage("/ports", NeutronPort.Ports.class, NeutronPort::getId);
    }

    /**
     * A listing followed through Neutron's pages ({@code limit}, then {@code marker} = the last id). A Neutron with
     * pagination turned off ignores both and answers everything at once: a page larger than asked for is the whole.
     */
    private <T, L extends org.openstack4j.openstack.common.ListResult<T>> List<T> everyPage(String path, Class<L> type,
                                                                                          java.util.function.Function<T, String> id) {
        List<T> all = new ArrayList<>();
        String marker = null;
        while (true) {
            String after = marker;
            var response = send(() -> {
                var request = get(type, path).param("limit", PAGE);
                return (after == null ? request : request.param("marker", after)).executeWithResponse();
            });
            List<T> page = read(response, type).getList();
            all.addAll(page);
            if (page.size() != PAGE) {
                return all;
            }
            marker = id.apply(page.get(page.size() - 1));
        }
    }

    private static List<Map<String, String>> pools(List<IpRange> pools) {
        return pools.stream().map(pool -> Map.of("start", pool.start(), "end", pool.end())).toList();
    }

    /** The ports bound to a device (a Nova server), whatever their names. */
    List<NeutronPort> portsOfDevice(String deviceId) {
        var response = send(() -> get(NeutronPort.Ports.class, "/ports").param("device_id", deviceId).executeWithResponse());
        return read(response, NeutronPort.Ports.class).getList().stream()
                .filter(port -> deviceId.equals(port.getDeviceId()))
                .toList();
    }

    void renamePort(String portId, String name) {
        String body = json(Map.of("port", Map.of("name", name)));
        read(send(() -> put(NeutronPort.class, "/ports/" + portId).json(body).executeWithResponse()), NeutronPort.class);
    }
}
