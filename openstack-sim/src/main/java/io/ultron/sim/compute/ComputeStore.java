package io.ultron.sim.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultron.sim.ClusterSettings;
import io.ultron.sim.cluster.Cluster;
import io.ultron.sim.http.ApiException;
import io.ultron.sim.http.Json;
import io.ultron.sim.http.NovaStyleErrors;
import io.ultron.sim.network.NetworkStore;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** One cluster's Nova: servers, their lifecycle and the hosts' capacity. Call under the cluster lock. */
public final class ComputeStore {

    static final String NO_VALID_HOST = "No valid host was found. There are not enough hosts available.";

    private final Cluster cluster;
    /** servers that exist, by id */
    private final Map<String, Server> servers = new LinkedHashMap<>();
    /** deleted servers, by id: Nova keeps them (soft-deleted) and shows them to changes-since listings */
    private final Map<String, Server> tombstones = new HashMap<>();
    /** every server ever created, live or deleted, in creation order: the order of Nova's listings */
    private final NavigableMap<Integer, Server> bySequence = new TreeMap<>();
    private final HostPool hosts = new HostPool();
    private int sequence;

    public ComputeStore(Cluster cluster) {
        this.cluster = cluster;
    }

    private static ApiException error(int status, String message) {
        return NovaStyleErrors.error(status, message, "computeFault");
    }

    // ---- create

    public ObjectNode create(JsonNode body, String baseUrl) {
        JsonNode input = body.path("server");
        if (!input.isObject()) {
            throw error(400, "Invalid input for field/attribute server. Value: None. None is not of type 'object'");
        }
        String name = input.path("name").asText("");
        if (name.isBlank()) {
            throw error(400, "Invalid input for field/attribute name. Value: None. 'name' is a required property");
        }
        Flavor flavor = Flavor.find(lastSegment(input.path("flavorRef").asText("")));
        if (flavor == null) {
            throw error(400, "Flavor " + input.path("flavorRef").asText("") + " could not be found.");
        }
        String imageId = lastSegment(input.path("imageRef").asText(""));
        if (!imageId.isEmpty() && cluster.images().find(imageId) == null) {
            throw error(400, "Image " + imageId + " could not be found.");
        }
        if (imageId.isEmpty() && !input.has("block_device_mapping_v2")) {
            throw error(400, "Missing imageRef attribute");
        }
        ClusterSettings settings = cluster.settings();
        if (servers.size() >= settings.serverQuota()) {
            // Nova 2.1 answers an exceeded instance quota with 403 (the old v2 API used 413).
            throw error(403, "Quota exceeded for instances: Requested 1, but already used " + servers.size()
                    + " of " + settings.serverQuota() + " instances");
        }
        NetworkStore network = cluster.network();
        List<JsonNode> requested = new ArrayList<>();
        input.path("networks").forEach(requested::add);
        validateNetworks(requested, network);
        List<String> securityGroupIds = input.has("security_groups")
                ? securityGroups(input.path("security_groups"), network) : List.of();
        List<BootVolume> bootVolumes = bootVolumes(input.path("block_device_mapping_v2"));

        Server server = new Server(cluster.newId(), name, flavor, imageId, input.path("key_name").asText(null),
                input.path("availability_zone").asText("nova"), ++sequence, cluster.now());
        input.path("metadata").fields().forEachRemaining(entry -> server.metadata.put(entry.getKey(), entry.getValue().asText()));
        input.path("security_groups").forEach(group -> server.securityGroups.add(group.path("name").asText()));
        if (server.securityGroups.isEmpty()) {
            server.securityGroups.add("default");
        }
        try {
            for (JsonNode entry : requested) {
                if (entry.hasNonNull("port")) {
                    server.portIds.add(entry.path("port").asText());
                } else {
                    String portId = network.createPortForServer(entry.path("uuid").asText(),
                            entry.hasNonNull("fixed_ip") ? entry.path("fixed_ip").asText() : null);
                    server.portIds.add(portId);
                    server.ownedPortIds.add(portId);
                }
            }
        } catch (ApiException refused) {
            server.ownedPortIds.forEach(network::deletePort);
            throw error(400, "Network request refused by Neutron: " + refused.getMessage());
        }
        for (BootVolume volume : bootVolumes) {
            String volumeId = cluster.volumes().createAttached(volume.sizeGb(), server.id, "/dev/vda");
            server.volumeIds.add(volumeId);
            if (volume.deleteOnTermination()) {
                server.deleteOnTermination.add(volumeId);
            }
        }
        if (!cluster.faults().buildFails(settings, cluster)) {
            server.hostIndex = hosts.claim(flavor, settings);
        }
        String host = server.hostIndex < 0 ? null : hosts.get(server.hostIndex).name;
        for (String portId : server.portIds) {
            network.bindPort(portId, server.id, host);
            network.setPortSecurityGroups(portId, securityGroupIds);
        }
        servers.put(server.id, server);
        bySequence.put(server.sequence, server);
        long bootMillis = cluster.between(settings.bootTimeMinMillis(), settings.bootTimeMaxMillis());
        cluster.later(bootMillis, () -> finishBuild(server));

        ObjectNode json = Json.object();
        ObjectNode created = json.putObject("server");
        created.put("id", server.id);
        created.set("links", links(baseUrl, "servers", server.id));
        created.put("OS-DCF:diskConfig", "MANUAL");
        ArrayNode groups = created.putArray("security_groups");
        server.securityGroups.forEach(group -> groups.addObject().put("name", group));
        created.put("adminPass", server.id.substring(0, 12).replace("-", "X"));
        return json;
    }

    private void validateNetworks(List<JsonNode> requested, NetworkStore network) {
        List<String> seenPorts = new ArrayList<>();
        for (JsonNode entry : requested) {
            if (entry.hasNonNull("port")) {
                String portId = entry.path("port").asText();
                if (seenPorts.contains(portId)) {
                    throw error(400, "Port id " + portId + " was requested more than once.");
                }
                seenPorts.add(portId);
                network.requireFreePort(portId,
                        error(400, "Port id " + portId + " could not be found."),
                        error(409, "Port " + portId + " is still in use."));
            } else if (entry.hasNonNull("uuid")) {
                String networkId = entry.path("uuid").asText();
                if (!network.networkExists(networkId)) {
                    throw error(400, "Network " + networkId + " could not be found.");
                }
                if (entry.hasNonNull("fixed_ip") && network.isAddressTaken(networkId, entry.path("fixed_ip").asText())) {
                    throw error(400, "Fixed IP address " + entry.path("fixed_ip").asText() + " is already in use on instance.");
                }
            } else {
                throw error(400, "Bad networks format: network uuid is not in proper format (" + entry + ")");
            }
        }
    }

    /** A volume Nova makes from an image to boot from (block_device_mapping_v2: source image, destination volume). */
    private record BootVolume(int sizeGb, boolean deleteOnTermination) {
    }

    /** Only image-to-volume mappings make a volume here; other mappings are accepted and ignored. */
    private List<BootVolume> bootVolumes(JsonNode mappings) {
        List<BootVolume> volumes = new ArrayList<>();
        for (JsonNode mapping : mappings) {
            if (!mapping.path("source_type").asText().equals("image")
                    || !mapping.path("destination_type").asText().equals("volume")) {
                continue;
            }
            String imageId = mapping.path("uuid").asText("");
            if (cluster.images().find(imageId) == null) {
                throw error(400, "Image " + imageId + " could not be found.");
            }
            int size = mapping.path("volume_size").asInt(0);
            if (size <= 0) {
                throw error(400, "Invalid input for field/attribute volume_size. Value: " + mapping.path("volume_size"));
            }
            volumes.add(new BootVolume(size, mapping.path("delete_on_termination").asBoolean(false)));
        }
        return volumes;
    }

    private static List<String> securityGroups(JsonNode groups, NetworkStore network) {
        try {
            return network.securityGroupIds(groups);
        } catch (ApiException notFound) {
            throw error(400, "Security group " + groups + " not found.");
        }
    }

    /** The boot timer: BUILD ends in ACTIVE, or in ERROR when no host took the server. */
    private void finishBuild(Server server) {
        if (servers.get(server.id) != server || !server.status.equals("BUILD")) {
            return;
        }
        Instant now = cluster.now();
        NetworkStore network = cluster.network();
        if (server.hostIndex < 0) {
            server.state("ERROR", "error", null, 0, now);
            server.fault(NO_VALID_HOST, "NoValidHost raised by the scheduler", now);
            // Nova's conductor gives the network back when a build fails.
            releasePorts(server, network);
            return;
        }
        server.state("ACTIVE", "active", null, 1, now);
        server.launchedAt = now;
        server.portIds.forEach(portId -> network.setPortStatus(portId, "ACTIVE"));
    }

    private void releasePorts(Server server, NetworkStore network) {
        for (String portId : server.portIds) {
            if (server.ownedPortIds.contains(portId)) {
                if (network.portExists(portId)) {
                    network.deletePort(portId);
                }
            } else {
                network.unbindPort(portId);
            }
        }
        server.portIds.clear();
        server.ownedPortIds.clear();
    }

    // ---- read

    public ObjectNode get(String id, String baseUrl) {
        return detail(require(id), baseUrl);
    }

    /**
     * Newest first, as Nova sorts by created_at descending. With {@code changes-since}, deleted servers are listed
     * too (status DELETED), as Nova does; never otherwise. A marker may name a deleted server: Nova looks markers
     * up among deleted instances as well.
     */
    public ObjectNode list(Map<String, List<String>> query, String queryName, boolean detail, String baseUrl) {
        Pattern name = compile(first(query, "name"));
        String status = first(query, "status");
        Instant changesSince = instant(first(query, "changes-since"));
        int limit = limit(first(query, "limit"));
        NavigableMap<Integer, Server> newestFirst = bySequence.descendingMap();
        String marker = first(query, "marker");
        if (marker != null) {
            Server after = servers.containsKey(marker) ? servers.get(marker) : tombstones.get(marker);
            if (after == null) {
                throw error(400, "marker [" + marker + "] not found");
            }
            // Starts right after the marker instead of scanning for it, so paging a big fleet stays linear.
            newestFirst = newestFirst.tailMap(after.sequence, false);
        }
        List<Server> page = new ArrayList<>();
        for (Server server : newestFirst.values()) {
            if (page.size() >= limit) {
                break;
            }
            if (server.deleted && changesSince == null) {
                continue;
            }
            if (name != null && !name.matcher(server.name).find()) {
                continue;
            }
            if (status != null && !status.equalsIgnoreCase(server.status)) {
                continue;
            }
            if (changesSince != null && server.updatedAt.isBefore(changesSince)) {
                continue;
            }
            page.add(server);
        }
        ObjectNode json = Json.object();
        ArrayNode array = json.putArray("servers");
        for (Server server : page) {
            if (detail) {
                array.add(detail(server, baseUrl));
            } else {
                array.addObject().put("id", server.id).put("name", server.name)
                        .set("links", links(baseUrl, "servers", server.id));
            }
        }
        if (page.size() == limit && !page.isEmpty()) {
            String next = baseUrl + "/" + queryName + "?limit=" + limit + "&marker=" + page.get(page.size() - 1).id;
            json.putArray("servers_links").addObject().put("href", next).put("rel", "next");
        }
        return json;
    }

    private static int limit(String text) {
        if (text == null) {
            return 1000;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit < 0) {
                throw new NumberFormatException();
            }
            return Math.min(limit, 1000);
        } catch (NumberFormatException e) {
            throw error(400, "Invalid input for query parameters limit. Value: " + text + ".");
        }
    }

    private static Pattern compile(String regex) {
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw error(400, "Invalid regular expression in name filter: " + regex);
        }
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text + "Z");
            } catch (DateTimeParseException again) {
                throw error(400, "Invalid input for query parameters changes-since. Value: " + text
                        + ". '" + text + "' is not a 'date-time'");
            }
        }
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private ObjectNode detail(Server server, String baseUrl) {
        ObjectNode json = Json.object();
        json.put("id", server.id);
        json.put("name", server.name);
        json.put("status", server.status);
        json.put("tenant_id", cluster.projectId());
        json.put("user_id", cluster.userId());
        json.put("created", Json.seconds(server.createdAt));
        json.put("updated", Json.seconds(server.updatedAt));
        json.put("progress", server.status.equals("BUILD") ? 0 : 100);
        String host = server.hostIndex < 0 ? null : hosts.get(server.hostIndex).name;
        json.put("hostId", host == null ? "" : Integer.toHexString((cluster.projectId() + host).hashCode()));
        json.put("accessIPv4", "");
        json.put("accessIPv6", "");
        json.put("config_drive", "");
        json.put("key_name", server.keyName);
        json.put("locked", false);
        if (server.imageId.isEmpty()) {
            json.put("image", "");
        } else {
            json.putObject("image").put("id", server.imageId).set("links", links(baseUrl, "images", server.imageId));
        }
        json.putObject("flavor").put("id", server.flavor.id()).set("links", links(baseUrl, "flavors", server.flavor.id()));
        ObjectNode addresses = json.putObject("addresses");
        for (NetworkStore.BoundAddress address : addresses(server)) {
            ArrayNode list = addresses.has(address.networkName())
                    ? (ArrayNode) addresses.get(address.networkName()) : addresses.putArray(address.networkName());
            list.addObject().put("version", 4).put("addr", address.ip())
                    .put("OS-EXT-IPS:type", "fixed").put("OS-EXT-IPS-MAC:mac_addr", address.mac());
        }
        ObjectNode metadata = json.putObject("metadata");
        server.metadata.forEach(metadata::put);
        ArrayNode groups = json.putArray("security_groups");
        server.securityGroups.forEach(group -> groups.addObject().put("name", group));
        json.set("links", links(baseUrl, "servers", server.id));
        json.put("OS-DCF:diskConfig", "MANUAL");
        json.put("OS-EXT-AZ:availability_zone", server.availabilityZone);
        json.put("OS-EXT-SRV-ATTR:host", host);
        json.put("OS-EXT-SRV-ATTR:hypervisor_hostname", host);
        json.put("OS-EXT-SRV-ATTR:instance_name", String.format("instance-%08x", server.sequence));
        json.put("OS-EXT-STS:vm_state", server.vmState);
        json.put("OS-EXT-STS:task_state", server.taskState);
        json.put("OS-EXT-STS:power_state", server.powerState);
        json.put("OS-SRV-USG:launched_at", Json.micros(server.launchedAt));
        json.put("OS-SRV-USG:terminated_at", Json.micros(server.terminatedAt));
        ArrayNode volumes = json.putArray("os-extended-volumes:volumes_attached");
        server.volumeIds.forEach(id -> volumes.addObject().put("id", id)
                .put("delete_on_termination", server.deleteOnTermination.contains(id)));
        // Nova shows the last fault only while the server is in ERROR or deleted.
        boolean showsFault = server.vmState.equals("error") || server.vmState.equals("deleted");
        if (server.faultMessage != null && showsFault) {
            json.putObject("fault").put("code", 500).put("message", server.faultMessage)
                    .put("created", Json.seconds(server.faultAt))
                    .put("details", server.faultDetails);
        }
        return json;
    }

    private List<NetworkStore.BoundAddress> addresses(Server server) {
        if (server.deleted) {
            return server.lastAddresses;
        }
        List<NetworkStore.BoundAddress> addresses = new ArrayList<>();
        for (String portId : server.portIds) {
            addresses.addAll(cluster.network().addresses(portId));
        }
        return addresses;
    }

    static ArrayNode links(String baseUrl, String collection, String id) {
        ArrayNode links = Json.array();
        links.addObject().put("rel", "self").put("href", baseUrl + "/" + collection + "/" + id);
        links.addObject().put("rel", "bookmark").put("href", baseUrl + "/" + collection + "/" + id);
        return links;
    }

    private static String lastSegment(String reference) {
        int slash = reference.lastIndexOf('/');
        return slash < 0 ? reference : reference.substring(slash + 1);
    }

    private Server require(String id) {
        Server server = servers.get(id);
        if (server == null) {
            throw error(404, "Instance " + id + " could not be found.");
        }
        return server;
    }

    // ---- change

    /**
     * Frees the server's host, ports and volumes and keeps it as a tombstone (status DELETED, {@code updated} the
     * deletion time) that changes-since listings show and GET /servers/{id} does not.
     */
    /** Nova's {@code PUT /servers/{id}}: of what it may change, only the name is kept here. */
    public ObjectNode update(String id, JsonNode body, String baseUrl) {
        Server server = require(id);
        String name = body.path("server").path("name").asText(null);
        if (name != null) {
            if (name.isBlank() || name.length() > 255) {
                throw error(400, "Invalid input for field/attribute name. Value: " + name + ". Length must be 1 to 255");
            }
            server.name = name;
            server.updatedAt = cluster.now();
        }
        return detail(server, baseUrl);
    }

    public void delete(String id) {
        Server server = require(id);
        Instant now = cluster.now();
        server.lastAddresses = List.copyOf(addresses(server));
        hosts.release(server.hostIndex, server.flavor);
        releasePorts(server, cluster.network());
        server.volumeIds.forEach(cluster.volumes()::detach);
        server.deleteOnTermination.forEach(cluster.volumes()::delete);
        server.volumeIds.clear();
        server.state("DELETED", "deleted", null, 0, now);
        server.deleted = true;
        server.terminatedAt = now;
        servers.remove(id);
        tombstones.put(id, server);
    }

    public void action(String id, JsonNode body) {
        Server server = require(id);
        if (!body.isObject() || body.size() != 1) {
            throw error(400, "Malformed request body");
        }
        String action = body.fieldNames().next();
        Instant now = cluster.now();
        switch (action) {
            case "os-stop" -> {
                requireState(server, action, "ACTIVE");
                server.state("SHUTOFF", "stopped", null, 4, now);
            }
            case "os-start" -> {
                requireState(server, action, "SHUTOFF");
                server.state("ACTIVE", "active", null, 1, now);
            }
            case "reboot" -> {
                String type = body.path("reboot").path("type").asText("SOFT").toUpperCase();
                if (!type.equals("SOFT") && !type.equals("HARD")) {
                    throw error(400, "Invalid input for field/attribute type. Value: " + type);
                }
                requireState(server, action, type.equals("HARD") ? "ACTIVE|SHUTOFF|ERROR" : "ACTIVE");
                server.state(type.equals("HARD") ? "HARD_REBOOT" : "REBOOT", "active",
                        type.equals("HARD") ? "reboot_started_hard" : "reboot_started", 1, now);
                long rebootMillis = Math.min(1000, cluster.settings().bootTimeMinMillis() / 4);
                cluster.later(rebootMillis, () -> {
                    if (servers.get(server.id) == server && server.status.endsWith("REBOOT")) {
                        server.state("ACTIVE", "active", null, 1, cluster.now());
                    }
                });
            }
            default -> throw error(400, "There is no such action: " + action);
        }
    }

    private static void requireState(Server server, String action, String allowed) {
        if (!server.status.matches(allowed)) {
            throw error(409, "Cannot '" + action + "' instance " + server.id + " while it is in vm_state "
                    + server.vmState);
        }
    }

    // ---- volume attachments

    public ObjectNode attachVolume(String serverId, JsonNode body) {
        Server server = require(serverId);
        String volumeId = body.path("volumeAttachment").path("volumeId").asText(null);
        if (volumeId == null) {
            throw error(400, "Invalid input for field/attribute volumeAttachment. 'volumeId' is a required property");
        }
        if (!server.status.equals("ACTIVE") && !server.status.equals("SHUTOFF")) {
            throw error(409, "Cannot 'attach_volume' instance " + serverId + " while it is in vm_state " + server.vmState);
        }
        String device = body.path("volumeAttachment").path("device").asText(null);
        if (device == null || device.isBlank()) {
            device = "/dev/vd" + (char) ('b' + server.volumeIds.size());
        }
        cluster.volumes().attach(volumeId, serverId, device);
        server.volumeIds.add(volumeId);
        server.updatedAt = cluster.now();
        ObjectNode json = Json.object();
        json.set("volumeAttachment", attachment(server, volumeId, device));
        return json;
    }

    public ObjectNode attachments(String serverId) {
        Server server = require(serverId);
        ObjectNode json = Json.object();
        ArrayNode list = json.putArray("volumeAttachments");
        for (int i = 0; i < server.volumeIds.size(); i++) {
            list.add(attachment(server, server.volumeIds.get(i), "/dev/vd" + (char) ('b' + i)));
        }
        return json;
    }

    public ObjectNode attachmentOf(String serverId, String volumeId) {
        Server server = require(serverId);
        int index = server.volumeIds.indexOf(volumeId);
        if (index < 0) {
            throw error(404, "Volume " + volumeId + " is not attached to " + serverId);
        }
        ObjectNode json = Json.object();
        json.set("volumeAttachment", attachment(server, volumeId, "/dev/vd" + (char) ('b' + index)));
        return json;
    }

    public void detachVolume(String serverId, String volumeId) {
        Server server = require(serverId);
        if (!server.volumeIds.remove(volumeId)) {
            throw error(404, "Volume " + volumeId + " is not attached to " + serverId);
        }
        cluster.volumes().detach(volumeId);
        server.updatedAt = cluster.now();
    }

    private static ObjectNode attachment(Server server, String volumeId, String device) {
        return Json.object().put("id", volumeId).put("serverId", server.id).put("volumeId", volumeId)
                .put("device", device);
    }

    // ---- interfaces (os-interface)

    public ObjectNode interfaces(String serverId) {
        Server server = require(serverId);
        ObjectNode json = Json.object();
        ArrayNode list = json.putArray("interfaceAttachments");
        // as Nova, from Neutron's binding: a port unbound through Neutron is no interface of the server any more
        for (String portId : server.portIds) {
            if (cluster.network().portBoundTo(portId, server.id)) {
                list.add(cluster.network().interfaceAttachment(portId));
            }
        }
        return json;
    }

    /**
     * Plugs an existing port into the server, as Nova's os-interface does with a {@code port_id}: the port must be
     * unbound, the server running or stopped. A {@code net_id} alone (Nova making the port) is not simulated.
     */
    public ObjectNode attachInterface(String serverId, JsonNode body) {
        Server server = require(serverId);
        String portId = body.path("interfaceAttachment").path("port_id").asText(null);
        if (portId == null) {
            throw error(400, "the simulator attaches existing ports only: interfaceAttachment.port_id is required");
        }
        if (!server.status.equals("ACTIVE") && !server.status.equals("SHUTOFF")) {
            throw error(409, "Cannot 'attach_interface' instance " + serverId + " while it is in vm_state " + server.vmState);
        }
        NetworkStore network = cluster.network();
        network.requireFreePort(portId, error(404, "Port " + portId + " could not be found."),
                error(409, "Port " + portId + " is still in use."));
        network.bindPort(portId, server.id, hostName(server));
        network.setPortStatus(portId, "ACTIVE");
        // a port unbound through Neutron is still listed by Nova until it is plugged in again
        if (!server.portIds.contains(portId)) {
            server.portIds.add(portId);
        }
        server.updatedAt = cluster.now();
        ObjectNode json = Json.object();
        json.set("interfaceAttachment", network.interfaceAttachment(portId));
        return json;
    }

    // ---- flavors and hypervisors

    public static ObjectNode flavorJson(Flavor flavor, String baseUrl, boolean detail) {
        ObjectNode json = Json.object();
        json.put("id", flavor.id());
        json.put("name", flavor.name());
        json.set("links", links(baseUrl, "flavors", flavor.id()));
        if (detail) {
            json.put("vcpus", flavor.vcpus());
            json.put("ram", flavor.ramMb());
            json.put("disk", flavor.diskGb());
            json.put("OS-FLV-EXT-DATA:ephemeral", 0);
            json.put("swap", 0);
            json.put("rxtx_factor", 1.0);
            json.put("os-flavor-access:is_public", true);
            json.put("OS-FLV-DISABLED:disabled", false);
        }
        return json;
    }

    public ObjectNode statistics() {
        ClusterSettings settings = cluster.settings();
        List<HostPool.Host> active = hosts.active(settings);
        long vcpusUsed = active.stream().mapToLong(host -> host.vcpusUsed).sum();
        long ramUsed = active.stream().mapToLong(host -> host.ramMbUsed).sum();
        long diskUsed = active.stream().mapToLong(host -> host.diskGbUsed).sum();
        long running = active.stream().mapToLong(host -> host.servers).sum();
        long vcpus = (long) settings.vcpusPerHost() * active.size();
        long ram = (long) settings.ramMbPerHost() * active.size();
        long disk = (long) settings.diskGbPerHost() * active.size();
        ObjectNode json = Json.object();
        json.putObject("hypervisor_statistics")
                .put("count", active.size())
                .put("vcpus", vcpus)
                .put("vcpus_used", vcpusUsed)
                .put("memory_mb", ram)
                .put("memory_mb_used", ramUsed)
                .put("free_ram_mb", ram - ramUsed)
                .put("local_gb", disk)
                .put("local_gb_used", diskUsed)
                .put("free_disk_gb", disk - diskUsed)
                .put("disk_available_least", disk - diskUsed)
                .put("running_vms", running)
                .put("current_workload", 0);
        return json;
    }

    public ObjectNode hypervisors(boolean detail) {
        ClusterSettings settings = cluster.settings();
        ObjectNode json = Json.object();
        ArrayNode list = json.putArray("hypervisors");
        List<HostPool.Host> active = hosts.active(settings);
        for (int i = 0; i < active.size(); i++) {
            HostPool.Host host = active.get(i);
            ObjectNode entry = list.addObject().put("id", i + 1).put("hypervisor_hostname", host.name)
                    .put("state", "up").put("status", "enabled");
            if (detail) {
                entry.put("hypervisor_type", "QEMU").put("hypervisor_version", 6_002_000)
                        .put("host_ip", "192.168.0." + (i % 250 + 1))
                        .put("vcpus", settings.vcpusPerHost()).put("vcpus_used", host.vcpusUsed)
                        .put("memory_mb", settings.ramMbPerHost()).put("memory_mb_used", host.ramMbUsed)
                        .put("free_ram_mb", settings.ramMbPerHost() - host.ramMbUsed)
                        .put("local_gb", settings.diskGbPerHost()).put("local_gb_used", host.diskGbUsed)
                        .put("free_disk_gb", settings.diskGbPerHost() - host.diskGbUsed)
                        .put("disk_available_least", settings.diskGbPerHost() - host.diskGbUsed)
                        .put("running_vms", host.servers).put("current_workload", 0);
                entry.putObject("service").put("host", host.name).put("id", i + 1).put("disabled_reason", (String) null);
            }
        }
        return json;
    }

    // ---- admin: look at and change servers behind the client's back

    /** The servers that exist (not the deleted ones), oldest first. */
    public List<ServerView> views() {
        return servers.values().stream().map(this::view).toList();
    }

    /** @throws NoSuchElementException when no server has that id (a deleted one neither) */
    public ServerView view(String id) {
        return view(adminRequire(id));
    }

    private ServerView view(Server server) {
        return new ServerView(server.id, server.name, server.status, hostName(server), server.flavor.id(),
                List.copyOf(server.portIds), List.copyOf(server.volumeIds), Map.copyOf(server.metadata),
                server.faultMessage, server.vmState, Json.seconds(server.updatedAt));
    }

    private String hostName(Server server) {
        return server.hostIndex < 0 ? null : hosts.get(server.hostIndex).name;
    }

    private Server adminRequire(String id) {
        Server server = servers.get(id);
        if (server == null) {
            throw new NoSuchElementException("no server " + id);
        }
        return server;
    }

    /** SHUTOFF from any state, as if someone stopped it; a pending boot or reboot then leaves it so. */
    public ServerView stop(String id) {
        Server server = adminRequire(id);
        server.state("SHUTOFF", "stopped", null, 4, cluster.now());
        return view(server);
    }

    /** ERROR with that fault message, as a failed hypervisor or a failed operation leaves a server. */
    public ServerView breakServer(String id, String faultMessage) {
        Server server = adminRequire(id);
        Instant now = cluster.now();
        server.state("ERROR", "error", null, server.powerState, now);
        server.fault(faultMessage, "", now);
        return view(server);
    }

    /**
     * Moves the server to another host, as a migration would: its resources, the host Nova reports and the
     * binding host of its ports follow. A named host takes it even when full (an operator's forced move).
     *
     * @param hostName a host of the cluster, or null for the next host after the current one that has room
     * @throws IllegalArgumentException when the host is unknown or already holds the server
     * @throws IllegalStateException    when no host was named and no other host has room
     */
    public ServerView move(String id, String hostName) {
        Server server = adminRequire(id);
        ClusterSettings settings = cluster.settings();
        int target;
        if (hostName == null) {
            target = hosts.nextWithRoom(server.hostIndex, server.flavor, settings);
            if (target < 0) {
                throw new IllegalStateException("no other host has room for server " + id);
            }
        } else {
            target = hosts.indexOf(hostName, settings);
            if (target < 0) {
                throw new IllegalArgumentException("no host named " + hostName + " in cluster " + cluster.name());
            }
            if (target == server.hostIndex) {
                throw new IllegalArgumentException("server " + id + " is already on " + hostName);
            }
        }
        hosts.release(server.hostIndex, server.flavor);
        hosts.claimOn(target, server.flavor);
        server.hostIndex = target;
        server.updatedAt = cluster.now();
        for (String portId : server.portIds) {
            // a port the client deleted through Neutron may still be listed: nothing to rebind then
            if (cluster.network().portExists(portId)) {
                cluster.network().bindPort(portId, server.id, hosts.get(target).name);
            }
        }
        return view(server);
    }

    /** Nova's delete, from outside: {@link #delete(String)} with the admin API's not-found. */
    public void adminDelete(String id) {
        delete(adminRequire(id).id);
    }

    /** Nova drops an interface whose port Neutron deleted (the network-vif-deleted event). */
    public void portDeleted(String serverId, String portId) {
        Server server = servers.get(serverId);
        if (server != null) {
            server.portIds.remove(portId);
            server.ownedPortIds.remove(portId);
        }
    }

    /**
     * Creates {@code count} ACTIVE servers at once, named {@code <prefix>-1} .. {@code <prefix>-<count>}, with
     * the smallest flavor, the first image and a host each; no boot time, quota, fault or rate limit. With a
     * subnet, each gets a port of its own with the next free address of the subnet's pools, created and later
     * deleted by Nova as when booted on a network. Nothing is kept when a host or an address runs out.
     *
     * @param subnetId the subnet given or chosen by {@link NetworkStore#seedSubnet}, or null for no port
     * @return the new servers' ids, in creation order
     * @throws IllegalStateException when the hosts have no room for them all
     */
    public List<String> seed(int count, String prefix, String subnetId) {
        ClusterSettings settings = cluster.settings();
        Flavor flavor = Flavor.ALL.get(0);
        String imageId = cluster.images().all().get(0).id();
        NetworkStore network = cluster.network();
        Instant now = cluster.now();
        List<Server> created = new ArrayList<>(count);
        try {
            for (int n = 1; n <= count; n++) {
                Server server = new Server(cluster.newId(), prefix + "-" + n, flavor, imageId, null, "nova",
                        ++sequence, now);
                server.hostIndex = hosts.claim(flavor, settings);
                if (server.hostIndex < 0) {
                    throw new IllegalStateException("no host has room for " + server.name + " (" + flavor.name()
                            + "); nothing was seeded");
                }
                created.add(server);
                server.securityGroups.add("default");
                server.state("ACTIVE", "active", null, 1, now);
                server.launchedAt = now;
                if (subnetId != null) {
                    String portId = network.createPortOnSubnet(subnetId);
                    server.portIds.add(portId);
                    server.ownedPortIds.add(portId);
                    network.bindPort(portId, server.id, hosts.get(server.hostIndex).name);
                    network.setPortStatus(portId, "ACTIVE");
                }
                servers.put(server.id, server);
                bySequence.put(server.sequence, server);
            }
        } catch (RuntimeException refused) {
            created.forEach(this::forget);
            throw refused;
        }
        return created.stream().map(server -> server.id).toList();
    }

    /** Undoes a seeded server entirely: no tombstone, as if it had never been. */
    private void forget(Server server) {
        hosts.release(server.hostIndex, server.flavor);
        server.ownedPortIds.forEach(cluster.network()::deletePort);
        servers.remove(server.id);
        bySequence.remove(server.sequence);
    }
}
