package io.ultron.sim.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultron.sim.cluster.Cluster;
import io.ultron.sim.http.ApiException;
import io.ultron.sim.http.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * One cluster's Neutron state: networks, subnets with their address allocations, ports and
 * security groups. Every method must be called under the cluster lock.
 */
public final class NetworkStore {

    private final Cluster cluster;
    private final Map<String, Network> networks = new LinkedHashMap<>();
    private final Map<String, Subnet> subnets = new LinkedHashMap<>();
    private final Map<String, Port> ports = new LinkedHashMap<>();
    private final Map<String, SecurityGroup> securityGroups = new LinkedHashMap<>();
    private final String defaultSecurityGroupId;

    public NetworkStore(Cluster cluster) {
        this.cluster = cluster;
        SecurityGroup group = newSecurityGroup("default", "Default security group");
        // The default group also lets its own members in, as Neutron creates it.
        group.rules.add(rule(group.id, "ingress", "IPv4", null, null, null, null, group.id));
        group.rules.add(rule(group.id, "ingress", "IPv6", null, null, null, null, group.id));
        defaultSecurityGroupId = group.id;
    }

    // ---- networks

    public ObjectNode createNetwork(JsonNode body) {
        JsonNode input = resourceBody(body, "network");
        Network network = new Network(cluster.newId(), input.path("name").asText(""), cluster.projectId(),
                cluster.now(), input.path("shared").asBoolean(false));
        networks.put(network.id, network);
        return networkJson(network);
    }

    public ObjectNode network(String id) {
        return networkJson(requireNetwork(id));
    }

    public List<ObjectNode> networks() {
        return networks.values().stream().map(this::networkJson).toList();
    }

    public void deleteNetwork(String id) {
        Network network = requireNetwork(id);
        boolean inUse = ports.values().stream()
                .anyMatch(port -> port.networkId.equals(id) && !port.deviceOwner.equals("network:dhcp"));
        if (inUse) {
            throw NeutronErrors.error(409, "NetworkInUse", "Unable to complete operation on network " + id
                    + ". There are one or more ports still in use on the network.");
        }
        network.subnetIds.forEach(subnets::remove);
        networks.remove(id);
    }

    /** The network's name, used by Nova to label a server's addresses. */
    public String networkName(String id) {
        Network network = networks.get(id);
        return network == null ? "" : network.name;
    }

    public boolean networkExists(String id) {
        return networks.containsKey(id);
    }

    private Network requireNetwork(String id) {
        return found(networks.get(id), "NetworkNotFound", "Network " + id + " could not be found.");
    }

    private ObjectNode networkJson(Network network) {
        ObjectNode json = Json.object();
        json.put("id", network.id);
        json.put("name", network.name);
        json.put("tenant_id", network.projectId);
        json.put("project_id", network.projectId);
        json.put("admin_state_up", true);
        json.put("status", "ACTIVE");
        ArrayNode subnetIds = json.putArray("subnets");
        network.subnetIds.forEach(subnetIds::add);
        json.put("shared", network.shared);
        json.put("router:external", false);
        json.put("mtu", 1500);
        json.put("port_security_enabled", true);
        json.put("provider:network_type", "vlan");
        json.putArray("availability_zones").add("nova");
        json.putArray("availability_zone_hints");
        json.put("ipv4_address_scope", (String) null);
        putStandardAttributes(json, network.createdAt, network.updatedAt, network.revision);
        return json;
    }

    // ---- subnets

    public ObjectNode createSubnet(JsonNode body) {
        JsonNode input = resourceBody(body, "subnet");
        String networkId = requiredNetworkId(input);
        Network network = requireNetwork(networkId);
        if (input.has("ip_version") && input.path("ip_version").asInt() != 4) {
            throw NeutronErrors.invalidInput("the simulator serves IPv4 subnets only.");
        }
        Ipv4.Cidr cidr = Ipv4.Cidr.parse(input.path("cidr").asText(null));
        if (cidr == null) {
            throw NeutronErrors.invalidInput("'" + input.path("cidr").asText("") + "' is not a valid IP subnet.");
        }
        for (String otherId : network.subnetIds) {
            if (subnets.get(otherId).cidr.overlaps(cidr)) {
                throw NeutronErrors.invalidInput("Requested subnet with cidr: " + cidr + " for network: "
                        + networkId + " overlaps with another subnet.");
            }
        }
        Long gateway;
        JsonNode gatewayInput = input.get("gateway_ip");
        if (gatewayInput == null) {
            gateway = cidr.network() + 1;
        } else if (gatewayInput.isNull()) {
            gateway = null;
        } else {
            long address = Ipv4.parse(gatewayInput.asText());
            if (address < 0 || !cidr.isUsableHost(address)) {
                throw NeutronErrors.invalidInput("Gateway IP " + gatewayInput.asText()
                        + " is not a valid host address of " + cidr + ".");
            }
            gateway = address;
        }
        Subnet subnet = new Subnet(cluster.newId(), input.path("name").asText(""), networkId, cluster.projectId(),
                cidr, gateway, cluster.now());
        subnet.enableDhcp = input.path("enable_dhcp").asBoolean(true);
        subnet.pools = input.has("allocation_pools")
                ? parsePools(input.path("allocation_pools"), subnet)
                : defaultPools(cidr, gateway);
        for (JsonNode server : input.path("dns_nameservers")) {
            subnet.dnsNameservers.add(server.asText());
        }
        subnets.put(subnet.id, subnet);
        network.subnetIds.add(subnet.id);
        network.revision++;
        return subnetJson(subnet);
    }

    /**
     * Replaces name and allocation pools. Addresses already allocated outside the new pools stay
     * where they are, as in Neutron: pools only steer automatic allocation.
     */
    public ObjectNode updateSubnet(String id, JsonNode body) {
        Subnet subnet = requireSubnet(id);
        JsonNode input = resourceBody(body, "subnet");
        for (String immutable : List.of("cidr", "network_id", "ip_version")) {
            if (input.has(immutable)) {
                throw NeutronErrors.badRequest("Cannot update read-only attribute " + immutable);
            }
        }
        Long previousGateway = subnet.gateway;
        boolean previousDhcp = subnet.enableDhcp;
        try {
            applySubnetUpdate(subnet, input);
        } catch (RuntimeException refused) {
            subnet.gateway = previousGateway;
            subnet.enableDhcp = previousDhcp;
            throw refused;
        }
        subnet.updatedAt = cluster.now();
        subnet.revision++;
        return subnetJson(subnet);
    }

    /** Checks everything before it changes pools or names; the gateway and DHCP flag are restored on refusal. */
    private void applySubnetUpdate(Subnet subnet, JsonNode input) {
        if (input.has("gateway_ip")) {
            JsonNode gatewayInput = input.get("gateway_ip");
            long address = gatewayInput.isNull() ? -1 : Ipv4.parse(gatewayInput.asText());
            if (!gatewayInput.isNull() && (address < 0 || !subnet.cidr.isUsableHost(address))) {
                throw NeutronErrors.invalidInput("Gateway IP " + gatewayInput.asText()
                        + " is not a valid host address of " + subnet.cidr + ".");
            }
            subnet.gateway = gatewayInput.isNull() ? null : address;
        }
        if (input.has("enable_dhcp")) {
            subnet.enableDhcp = input.path("enable_dhcp").asBoolean(true);
        }
        if (input.has("allocation_pools")) {
            subnet.pools = parsePools(input.path("allocation_pools"), subnet);
        } else if (subnet.gateway != null && subnet.pools.stream().anyMatch(pool -> pool.contains(subnet.gateway))) {
            throw NeutronErrors.error(409, "GatewayConflictWithAllocationPools", "Gateway ip "
                    + Ipv4.format(subnet.gateway) + " conflicts with allocation pool.");
        }
        if (input.has("name")) {
            subnet.name = input.path("name").asText("");
        }
        if (input.has("dns_nameservers")) {
            subnet.dnsNameservers = new ArrayList<>();
            input.path("dns_nameservers").forEach(server -> subnet.dnsNameservers.add(server.asText()));
        }
    }

    public ObjectNode subnet(String id) {
        return subnetJson(requireSubnet(id));
    }

    public List<ObjectNode> subnets() {
        return subnets.values().stream().map(this::subnetJson).toList();
    }

    public void deleteSubnet(String id) {
        Subnet subnet = requireSubnet(id);
        if (!subnet.allocated.isEmpty()) {
            throw NeutronErrors.error(409, "SubnetInUse", "Unable to complete operation on subnet " + id
                    + ": One or more ports have an IP allocation from this subnet.");
        }
        subnets.remove(id);
        Network network = networks.get(subnet.networkId);
        if (network != null) {
            network.subnetIds.remove(id);
            network.revision++;
        }
    }

    private Subnet requireSubnet(String id) {
        return found(subnets.get(id), "SubnetNotFound", "Subnet " + id + " could not be found.");
    }

    private static List<Subnet.Pool> defaultPools(Ipv4.Cidr cidr, Long gateway) {
        long first = cidr.prefix() >= 31 ? cidr.network() : cidr.network() + 1;
        long last = cidr.prefix() >= 31 ? cidr.broadcast() : cidr.broadcast() - 1;
        List<Subnet.Pool> pools = new ArrayList<>();
        if (gateway == null || gateway < first || gateway > last) {
            pools.add(new Subnet.Pool(first, last));
            return pools;
        }
        if (gateway > first) {
            pools.add(new Subnet.Pool(first, gateway - 1));
        }
        if (gateway < last) {
            pools.add(new Subnet.Pool(gateway + 1, last));
        }
        return pools;
    }

    private static List<Subnet.Pool> parsePools(JsonNode input, Subnet subnet) {
        if (!input.isArray()) {
            throw NeutronErrors.invalidInput("allocation_pools must be a list.");
        }
        List<AllocationPool> pools = new ArrayList<>();
        for (JsonNode pool : input) {
            pools.add(new AllocationPool(pool.path("start").asText(null), pool.path("end").asText(null)));
        }
        return checkPools(pools, subnet);
    }

    /** Neutron's checks: valid ranges inside the CIDR, not overlapping each other, clear of the gateway. */
    private static List<Subnet.Pool> checkPools(List<AllocationPool> input, Subnet subnet) {
        List<Subnet.Pool> pools = new ArrayList<>();
        for (AllocationPool pool : input) {
            long start = Ipv4.parse(pool.start());
            long end = Ipv4.parse(pool.end());
            if (start < 0 || end < 0 || end < start) {
                throw NeutronErrors.error(400, "InvalidAllocationPool", "The allocation pool "
                        + Objects.toString(pool.start(), "") + "-" + Objects.toString(pool.end(), "")
                        + " is not valid.");
            }
            if (!subnet.cidr.isUsableHost(start) || !subnet.cidr.isUsableHost(end)) {
                throw NeutronErrors.error(400, "OutOfBoundsAllocationPool", "The allocation pool "
                        + Ipv4.format(start) + "-" + Ipv4.format(end) + " spans beyond the subnet cidr "
                        + subnet.cidr + ".");
            }
            for (Subnet.Pool other : pools) {
                if (start <= other.end() && other.start() <= end) {
                    throw NeutronErrors.error(400, "OverlappingAllocationPools", "Found overlapping allocation pools: "
                            + Ipv4.format(start) + "-" + Ipv4.format(end) + " and "
                            + Ipv4.format(other.start()) + "-" + Ipv4.format(other.end()) + " for subnet " + subnet.cidr + ".");
                }
            }
            if (subnet.gateway != null && subnet.gateway >= start && subnet.gateway <= end) {
                throw NeutronErrors.error(409, "GatewayConflictWithAllocationPools", "Gateway ip "
                        + Ipv4.format(subnet.gateway) + " conflicts with allocation pool "
                        + Ipv4.format(start) + "-" + Ipv4.format(end) + ".");
            }
            pools.add(new Subnet.Pool(start, end));
        }
        return pools;
    }

    private ObjectNode subnetJson(Subnet subnet) {
        ObjectNode json = Json.object();
        json.put("id", subnet.id);
        json.put("name", subnet.name);
        json.put("network_id", subnet.networkId);
        json.put("tenant_id", subnet.projectId);
        json.put("project_id", subnet.projectId);
        json.put("ip_version", 4);
        json.put("cidr", subnet.cidr.toString());
        json.put("gateway_ip", subnet.gateway == null ? null : Ipv4.format(subnet.gateway));
        json.put("enable_dhcp", subnet.enableDhcp);
        ArrayNode pools = json.putArray("allocation_pools");
        subnet.pools.forEach(pool -> pools.addObject()
                .put("start", Ipv4.format(pool.start())).put("end", Ipv4.format(pool.end())));
        ArrayNode dns = json.putArray("dns_nameservers");
        subnet.dnsNameservers.forEach(dns::add);
        json.putArray("host_routes");
        json.putArray("service_types");
        json.put("ipv6_address_mode", (String) null);
        json.put("ipv6_ra_mode", (String) null);
        json.put("subnetpool_id", (String) null);
        putStandardAttributes(json, subnet.createdAt, subnet.updatedAt, subnet.revision);
        return json;
    }

    // ---- ports

    public ObjectNode createPort(JsonNode body) {
        JsonNode input = resourceBody(body, "port");
        String networkId = requiredNetworkId(input);
        Port port = newPort(networkId, input.path("name").asText(""), input.path("fixed_ips"));
        if (input.has("device_id")) {
            port.deviceId = input.path("device_id").asText("");
        }
        if (input.has("device_owner")) {
            port.deviceOwner = input.path("device_owner").asText("");
        }
        if (input.has("security_groups")) {
            port.securityGroupIds = securityGroupIds(input.path("security_groups"));
        }
        return portJson(port);
    }

    /** Creates a port and allocates its addresses; nothing is kept when an address is refused. */
    private Port newPort(String networkId, String name, JsonNode fixedIps) {
        Network network = requireNetwork(networkId);
        List<Port.FixedIp> wanted = new ArrayList<>();
        if (fixedIps.isMissingNode() || fixedIps.isNull()) {
            Subnet subnet = network.subnetIds.stream().map(subnets::get).findFirst().orElse(null);
            if (subnet != null) {
                wanted.add(new Port.FixedIp(subnet.id, allocateFree(subnet, network)));
            }
        } else {
            for (JsonNode fixedIp : fixedIps) {
                Port.FixedIp chosen = choose(network, fixedIp.path("subnet_id").asText(null),
                        fixedIp.path("ip_address").asText(null));
                if (wanted.stream().anyMatch(ip -> ip.address() == chosen.address())) {
                    throw NeutronErrors.error(409, "IpAddressAlreadyAllocated", "IP address "
                            + Ipv4.format(chosen.address()) + " already allocated in subnet " + chosen.subnetId());
                }
                wanted.add(chosen);
            }
        }
        Port port = new Port(cluster.newId(), name, networkId, cluster.projectId(), newMac(), cluster.now());
        port.securityGroupIds.add(defaultSecurityGroupId);
        for (Port.FixedIp fixedIp : wanted) {
            subnets.get(fixedIp.subnetId()).allocated.put(fixedIp.address(), port.id);
            port.fixedIps.add(fixedIp);
        }
        ports.put(port.id, port);
        return port;
    }

    private Port.FixedIp choose(Network network, String subnetId, String ipAddress) {
        Subnet subnet = null;
        if (subnetId != null) {
            subnet = subnets.get(subnetId);
            if (subnet == null || !subnet.networkId.equals(network.id)) {
                throw NeutronErrors.invalidInput("Failed to create port on network " + network.id
                        + ", because fixed_ips included invalid subnet " + subnetId + ".");
            }
        }
        if (ipAddress == null) {
            if (subnet == null) {
                throw NeutronErrors.invalidInput("A fixed_ips entry needs a subnet_id or an ip_address.");
            }
            return new Port.FixedIp(subnet.id, allocateFree(subnet, network));
        }
        long address = Ipv4.parse(ipAddress);
        if (address < 0) {
            throw NeutronErrors.invalidInput("'" + ipAddress + "' is not a valid IP address.");
        }
        if (subnet == null) {
            subnet = network.subnetIds.stream().map(subnets::get)
                    .filter(candidate -> candidate.cidr.contains(address)).findFirst()
                    .orElseThrow(() -> NeutronErrors.error(400, "InvalidIpForNetwork", "IP address " + ipAddress
                            + " is not a valid IP for any of the subnets on the specified network."));
        }
        if (!subnet.cidr.isUsableHost(address)) {
            throw NeutronErrors.error(400, "InvalidIpForSubnet",
                    "IP address " + ipAddress + " is not a valid IP for the specified subnet.");
        }
        // Neutron accepts an explicit address outside the allocation pools: pools only steer
        // automatic allocation. The gateway counts as taken (its router holds it).
        if (subnet.allocated.containsKey(address) || (subnet.gateway != null && subnet.gateway == address)) {
            throw NeutronErrors.error(409, "IpAddressAlreadyAllocated",
                    "IP address " + ipAddress + " already allocated in subnet " + subnet.id);
        }
        return new Port.FixedIp(subnet.id, address);
    }

    private long allocateFree(Subnet subnet, Network network) {
        long address = subnet.nextFree();
        if (address < 0) {
            throw NeutronErrors.error(409, "IpAddressGenerationFailure",
                    "No more IP addresses available on network " + network.id + ".");
        }
        return address;
    }

    public ObjectNode updatePort(String id, JsonNode body) {
        Port port = requirePort(id);
        JsonNode input = resourceBody(body, "port");
        if (input.has("name")) {
            port.name = input.path("name").asText("");
        }
        if (input.has("device_id")) {
            port.deviceId = input.path("device_id").asText("");
        }
        if (input.has("device_owner")) {
            port.deviceOwner = input.path("device_owner").asText("");
        }
        if (input.has("security_groups")) {
            port.securityGroupIds = securityGroupIds(input.path("security_groups"));
        }
        port.updatedAt = cluster.now();
        port.revision++;
        return portJson(port);
    }

    public ObjectNode port(String id) {
        return portJson(requirePort(id));
    }

    public List<ObjectNode> ports() {
        return ports.values().stream().map(this::portJson).toList();
    }

    /** Deletes the port and frees its addresses. */
    public void deletePort(String id) {
        Port port = requirePort(id);
        for (Port.FixedIp fixedIp : port.fixedIps) {
            Subnet subnet = subnets.get(fixedIp.subnetId());
            if (subnet != null) {
                subnet.allocated.remove(fixedIp.address());
            }
        }
        ports.remove(id);
    }

    public boolean portExists(String id) {
        return ports.containsKey(id);
    }

    public boolean portBoundTo(String portId, String serverId) {
        Port port = ports.get(portId);
        return port != null && port.deviceId.equals(serverId);
    }

    private Port requirePort(String id) {
        return found(ports.get(id), "PortNotFound", "Port " + id + " could not be found.");
    }

    private ObjectNode portJson(Port port) {
        ObjectNode json = Json.object();
        json.put("id", port.id);
        json.put("name", port.name);
        json.put("network_id", port.networkId);
        json.put("tenant_id", port.projectId);
        json.put("project_id", port.projectId);
        json.put("mac_address", port.macAddress);
        json.put("admin_state_up", true);
        json.put("status", port.status);
        json.put("device_id", port.deviceId);
        json.put("device_owner", port.deviceOwner);
        ArrayNode fixedIps = json.putArray("fixed_ips");
        port.fixedIps.forEach(ip -> fixedIps.addObject()
                .put("subnet_id", ip.subnetId()).put("ip_address", Ipv4.format(ip.address())));
        ArrayNode groups = json.putArray("security_groups");
        port.securityGroupIds.forEach(groups::add);
        json.putArray("allowed_address_pairs");
        json.putArray("extra_dhcp_opts");
        json.put("binding:vnic_type", "normal");
        json.put("binding:host_id", port.hostId);
        json.put("binding:vif_type", port.hostId.isEmpty() ? "unbound" : "ovs");
        json.putObject("binding:vif_details");
        json.putObject("binding:profile");
        json.put("port_security_enabled", true);
        putStandardAttributes(json, port.createdAt, port.updatedAt, port.revision);
        return json;
    }

    private String newMac() {
        return String.format("fa:16:3e:%02x:%02x:%02x", cluster.nextInt(256), cluster.nextInt(256), cluster.nextInt(256));
    }

    // ---- what Nova needs from Neutron

    /** An address of a port as Nova lists it under the server's "addresses". */
    public record BoundAddress(String networkName, String ip, String mac) {
    }

    /** Checks that Nova may plug this port into a server (it exists and is not in use). */
    public void requireFreePort(String portId, RuntimeException notFound, RuntimeException inUse) {
        Port port = ports.get(portId);
        if (port == null) {
            throw notFound;
        }
        if (!port.deviceId.isEmpty()) {
            throw inUse;
        }
    }

    /** Nova's own port for a server booted on a network (optionally with a fixed IP). */
    public String createPortForServer(String networkId, String fixedIp) {
        JsonNode fixedIps = fixedIp == null ? null : Json.array().add(Json.object().put("ip_address", fixedIp));
        return newPort(networkId, "", fixedIps == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : fixedIps).id;
    }

    public boolean isAddressTaken(String networkId, String fixedIp) {
        long address = Ipv4.parse(fixedIp);
        Network network = networks.get(networkId);
        return network != null && network.subnetIds.stream().map(subnets::get)
                .anyMatch(subnet -> subnet.allocated.containsKey(address));
    }

    public void bindPort(String portId, String serverId, String host) {
        Port port = requirePort(portId);
        port.deviceId = serverId;
        port.deviceOwner = "compute:nova";
        port.hostId = host == null ? "" : host;
        port.updatedAt = cluster.now();
        port.revision++;
    }

    public void setPortStatus(String portId, String status) {
        Port port = ports.get(portId);
        if (port != null) {
            port.status = status;
            port.updatedAt = cluster.now();
        }
    }

    /** Clears the binding of a port the user created, as Nova does when a server goes away. */
    public void unbindPort(String portId) {
        Port port = ports.get(portId);
        if (port != null) {
            port.deviceId = "";
            port.deviceOwner = "";
            port.hostId = "";
            port.status = "DOWN";
            port.updatedAt = cluster.now();
            port.revision++;
        }
    }

    public List<BoundAddress> addresses(String portId) {
        Port port = ports.get(portId);
        if (port == null) {
            return List.of();
        }
        String networkName = networkName(port.networkId);
        return port.fixedIps.stream()
                .map(ip -> new BoundAddress(networkName, Ipv4.format(ip.address()), port.macAddress)).toList();
    }

    // ---- security groups

    public ObjectNode createSecurityGroup(JsonNode body) {
        JsonNode input = resourceBody(body, "security_group");
        SecurityGroup group = newSecurityGroup(input.path("name").asText(""), input.path("description").asText(""));
        return securityGroupJson(group);
    }

    private SecurityGroup newSecurityGroup(String name, String description) {
        SecurityGroup group = new SecurityGroup(cluster.newId(), name, description, cluster.projectId(), cluster.now());
        group.rules.add(rule(group.id, "egress", "IPv4", null, null, null, null, null));
        group.rules.add(rule(group.id, "egress", "IPv6", null, null, null, null, null));
        securityGroups.put(group.id, group);
        return group;
    }

    private SecurityGroup.Rule rule(String groupId, String direction, String ethertype, String protocol,
                                    Integer min, Integer max, String prefix, String remoteGroup) {
        return new SecurityGroup.Rule(cluster.newId(), groupId, direction, ethertype, protocol, min, max, prefix,
                remoteGroup, "", cluster.now());
    }

    public ObjectNode securityGroup(String id) {
        return securityGroupJson(requireSecurityGroup(id));
    }

    public List<ObjectNode> securityGroups() {
        return securityGroups.values().stream().map(this::securityGroupJson).toList();
    }

    public void deleteSecurityGroup(String id) {
        SecurityGroup group = requireSecurityGroup(id);
        if (ports.values().stream().anyMatch(port -> port.securityGroupIds.contains(id))) {
            throw NeutronErrors.error(409, "SecurityGroupInUse", "Security Group " + id + " in use.");
        }
        if (group.name.equals("default")) {
            throw NeutronErrors.error(409, "SecurityGroupCannotRemoveDefault", "Insufficient rights for removing default security group.");
        }
        securityGroups.remove(id);
    }

    public ObjectNode createSecurityGroupRule(JsonNode body) {
        JsonNode input = resourceBody(body, "security_group_rule");
        SecurityGroup group = requireSecurityGroup(input.path("security_group_id").asText(""));
        String direction = input.path("direction").asText("");
        if (!direction.equals("ingress") && !direction.equals("egress")) {
            throw NeutronErrors.invalidInput("'" + direction + "' is not in ['ingress', 'egress']");
        }
        String protocol = textOrNull(input, "protocol");
        Integer min = input.hasNonNull("port_range_min") ? input.path("port_range_min").asInt() : null;
        Integer max = input.hasNonNull("port_range_max") ? input.path("port_range_max").asInt() : null;
        if (min != null && max != null && min > max) {
            throw NeutronErrors.error(400, "SecurityGroupInvalidPortRange",
                    "For TCP/UDP protocols, port_range_min must be <= port_range_max");
        }
        String remoteGroup = textOrNull(input, "remote_group_id");
        if (remoteGroup != null) {
            requireSecurityGroup(remoteGroup);
        }
        SecurityGroup.Rule rule = new SecurityGroup.Rule(cluster.newId(), group.id, direction,
                input.path("ethertype").asText("IPv4"), protocol, min, max, textOrNull(input, "remote_ip_prefix"),
                remoteGroup, input.path("description").asText(""), cluster.now());
        for (SecurityGroup.Rule existing : group.rules) {
            if (existing.sameAs(rule)) {
                throw NeutronErrors.error(409, "SecurityGroupRuleExists",
                        "Security group rule already exists. Rule id is " + existing.id() + ".");
            }
        }
        group.rules.add(rule);
        group.revision++;
        return ruleJson(rule);
    }

    public ObjectNode securityGroupRule(String id) {
        return ruleJson(findRule(id));
    }

    public List<ObjectNode> securityGroupRules() {
        return securityGroups.values().stream().flatMap(group -> group.rules.stream()).map(this::ruleJson).toList();
    }

    public void deleteSecurityGroupRule(String id) {
        SecurityGroup.Rule rule = findRule(id);
        securityGroups.get(rule.securityGroupId()).rules.remove(rule);
    }

    private SecurityGroup.Rule findRule(String id) {
        return securityGroups.values().stream().flatMap(group -> group.rules.stream())
                .filter(rule -> rule.id().equals(id)).findFirst()
                .orElseThrow(() -> NeutronErrors.notFound("SecurityGroupRuleNotFound",
                        "Security group rule " + id + " does not exist"));
    }

    private SecurityGroup requireSecurityGroup(String id) {
        return found(securityGroups.get(id), "SecurityGroupNotFound", "Security group " + id + " does not exist");
    }

    /** Accepts ids or names, as Nova's "security_groups" does. */
    public List<String> securityGroupIds(JsonNode idsOrNames) {
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : idsOrNames) {
            String key = entry.isObject() ? entry.path("name").asText() : entry.asText();
            SecurityGroup group = securityGroups.get(key);
            if (group == null) {
                group = securityGroups.values().stream().filter(candidate -> candidate.name.equals(key)).findFirst()
                        .orElseThrow(() -> NeutronErrors.notFound("SecurityGroupNotFound",
                                "Security group " + key + " does not exist"));
            }
            ids.add(group.id);
        }
        return ids;
    }

    public String securityGroupName(String id) {
        SecurityGroup group = securityGroups.get(id);
        return group == null ? id : group.name;
    }

    public List<String> portSecurityGroupIds(String portId) {
        Port port = ports.get(portId);
        return port == null ? List.of() : List.copyOf(port.securityGroupIds);
    }

    public void setPortSecurityGroups(String portId, List<String> groupIds) {
        Port port = ports.get(portId);
        if (port != null && !groupIds.isEmpty()) {
            port.securityGroupIds = new ArrayList<>(groupIds);
        }
    }

    private static String textOrNull(JsonNode input, String field) {
        return input.hasNonNull(field) ? input.path(field).asText() : null;
    }

    private ObjectNode securityGroupJson(SecurityGroup group) {
        ObjectNode json = Json.object();
        json.put("id", group.id);
        json.put("name", group.name);
        json.put("description", group.description);
        json.put("tenant_id", group.projectId);
        json.put("project_id", group.projectId);
        ArrayNode rules = json.putArray("security_group_rules");
        group.rules.forEach(rule -> rules.add(ruleJson(rule)));
        json.put("stateful", true);
        json.putArray("tags");
        json.put("created_at", Json.seconds(group.createdAt));
        json.put("updated_at", Json.seconds(group.updatedAt));
        json.put("revision_number", group.revision);
        return json;
    }

    private ObjectNode ruleJson(SecurityGroup.Rule rule) {
        ObjectNode json = Json.object();
        json.put("id", rule.id());
        json.put("security_group_id", rule.securityGroupId());
        json.put("direction", rule.direction());
        json.put("ethertype", rule.ethertype());
        json.put("protocol", rule.protocol());
        json.put("port_range_min", rule.portRangeMin());
        json.put("port_range_max", rule.portRangeMax());
        json.put("remote_ip_prefix", rule.remoteIpPrefix());
        json.put("remote_group_id", rule.remoteGroupId());
        json.put("description", rule.description());
        json.put("tenant_id", cluster.projectId());
        json.put("project_id", cluster.projectId());
        json.put("created_at", Json.seconds(rule.createdAt()));
        json.put("updated_at", Json.seconds(rule.createdAt()));
        json.put("revision_number", 0);
        return json;
    }

    // ---- admin views

    public List<NetworkView> networkViews() {
        return networks.values().stream().map(n -> new NetworkView(n.id, n.name, List.copyOf(n.subnetIds))).toList();
    }

    public List<SubnetView> subnetViews() {
        return subnets.values().stream().map(NetworkStore::subnetView).toList();
    }

    private static SubnetView subnetView(Subnet s) {
        return new SubnetView(s.id, s.name, s.networkId, s.cidr.toString(),
                s.gateway == null ? null : Ipv4.format(s.gateway),
                s.pools.stream().map(p -> Ipv4.format(p.start()) + "-" + Ipv4.format(p.end())).toList(),
                s.allocated.keySet().stream().sorted().map(Ipv4::format).toList());
    }

    public List<PortView> portViews() {
        return ports.values().stream().map(p -> new PortView(p.id, p.name, p.networkId,
                p.fixedIps.stream().map(ip -> Ipv4.format(ip.address())).toList(), p.deviceId, p.deviceOwner,
                p.status, List.copyOf(p.securityGroupIds))).toList();
    }

    // ---- admin: changes behind the client's back

    /**
     * Replaces the subnet's allocation pools as someone else's Neutron PUT would, with Neutron's checks.
     *
     * @throws NoSuchElementException   when there is no such subnet
     * @throws IllegalArgumentException when Neutron would answer 400 (a pool outside the CIDR, overlapping, ...)
     * @throws IllegalStateException    when Neutron would answer 409 (a pool holding the gateway)
     */
    public SubnetView replacePools(String subnetId, List<AllocationPool> pools) {
        Subnet subnet = adminSubnet(subnetId);
        try {
            subnet.pools = checkPools(pools, subnet);
        } catch (ApiException refused) {
            throw refused.status() == 409 ? new IllegalStateException(refused.message())
                    : new IllegalArgumentException(refused.message());
        }
        subnet.updatedAt = cluster.now();
        subnet.revision++;
        return subnetView(subnet);
    }

    /**
     * Deletes the subnet as someone else's Neutron DELETE would.
     *
     * @throws NoSuchElementException when there is no such subnet
     * @throws IllegalStateException  when Neutron would answer 409 (a port holds an address of it)
     */
    public void adminDeleteSubnet(String subnetId) {
        adminSubnet(subnetId);
        try {
            deleteSubnet(subnetId);
        } catch (ApiException refused) {
            throw new IllegalStateException(refused.message());
        }
    }

    /** The port as Nova's os-interface answers it: its addresses, network, MAC and state. */
    public ObjectNode interfaceAttachment(String portId) {
        Port port = requirePort(portId);
        ObjectNode json = Json.object();
        ArrayNode fixedIps = json.putArray("fixed_ips");
        port.fixedIps.forEach(ip -> fixedIps.addObject()
                .put("subnet_id", ip.subnetId()).put("ip_address", Ipv4.format(ip.address())));
        json.put("mac_addr", port.macAddress);
        json.put("net_id", port.networkId);
        json.put("port_id", port.id);
        json.put("port_state", port.status);
        return json;
    }

    /**
     * Deletes the port as someone else's Neutron DELETE would; the server it was plugged into is not asked.
     *
     * @return the port's device id (the server it was bound to), "" when none
     * @throws NoSuchElementException when there is no such port
     */
    public String adminDeletePort(String portId) {
        Port port = ports.get(portId);
        if (port == null) {
            throw new NoSuchElementException("no port " + portId);
        }
        deletePort(portId);
        return port.deviceId;
    }

    /**
     * The subnet seeded servers take their addresses from: the one named, else the first of the network named,
     * else none. Checked to have {@code count} free addresses in its pools, so seeding fails before it starts.
     *
     * @return the subnet id, or null when neither a network nor a subnet was named
     * @throws NoSuchElementException   when the named network or subnet does not exist
     * @throws IllegalArgumentException when the subnet is not on the named network, or the network has no subnet
     * @throws IllegalStateException    when the pools have fewer than {@code count} free addresses
     */
    public String seedSubnet(String networkId, String subnetId, int count) {
        Subnet subnet;
        if (subnetId != null) {
            subnet = adminSubnet(subnetId);
            if (networkId != null && !networkId.equals(subnet.networkId)) {
                throw new IllegalArgumentException("subnet " + subnetId + " is not on network " + networkId);
            }
        } else if (networkId != null) {
            Network network = networks.get(networkId);
            if (network == null) {
                throw new NoSuchElementException("no network " + networkId);
            }
            if (network.subnetIds.isEmpty()) {
                throw new IllegalArgumentException("network " + networkId + " has no subnet");
            }
            subnet = subnets.get(network.subnetIds.get(0));
        } else {
            return null;
        }
        long free = subnet.freeInPools();
        if (free < count) {
            throw new IllegalStateException("subnet " + subnet.id + " has " + free + " free addresses in its pools, "
                    + count + " asked");
        }
        return subnet.id;
    }

    /** A port with the next free address of the subnet's pools, as Nova creates one for a server. */
    public String createPortOnSubnet(String subnetId) {
        Subnet subnet = requireSubnet(subnetId);
        JsonNode fixedIps = Json.array().add(Json.object().put("subnet_id", subnet.id));
        return newPort(subnet.networkId, "", fixedIps).id;
    }

    private Subnet adminSubnet(String subnetId) {
        Subnet subnet = subnets.get(subnetId);
        if (subnet == null) {
            throw new NoSuchElementException("no subnet " + subnetId);
        }
        return subnet;
    }

    /** The resource object of a request body ({@code {"subnet": {...}}}), as Neutron requires it. */
    private static JsonNode resourceBody(JsonNode body, String resource) {
        JsonNode input = body.path(resource);
        if (!input.isObject()) {
            throw NeutronErrors.badRequest("Resource body required: " + resource);
        }
        return input;
    }

    private static String requiredNetworkId(JsonNode input) {
        String networkId = input.path("network_id").asText(null);
        if (networkId == null) {
            throw NeutronErrors.badRequest("Failed to parse request. Required attribute 'network_id' not specified");
        }
        return networkId;
    }

    /** The attributes every Neutron resource answers with. */
    private static void putStandardAttributes(ObjectNode json, Instant createdAt, Instant updatedAt, long revision) {
        json.put("description", "");
        json.putArray("tags");
        json.put("created_at", Json.seconds(createdAt));
        json.put("updated_at", Json.seconds(updatedAt));
        json.put("revision_number", revision);
    }

    /** The resource, or Neutron's 404 with its error type and message. */
    private static <T> T found(T resource, String type, String message) {
        if (resource == null) {
            throw NeutronErrors.notFound(type, message);
        }
        return resource;
    }
}
