package io.ultron.sim.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultron.sim.cluster.Cluster;
import io.ultron.sim.http.Json;
import io.ultron.sim.http.NovaStyleErrors;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One cluster's Cinder volumes. Every method must be called under the cluster lock. */
public final class VolumeStore {

    private static final class Volume {
        final String id;
        String name;
        String description;
        final int size;
        String status = "creating";
        final Instant createdAt;
        Instant updatedAt;
        final Map<String, String> metadata = new LinkedHashMap<>();
        String serverId;
        String attachmentId;
        String device;
        Instant attachedAt;

        Volume(String id, int size, Instant now) {
            this.id = id;
            this.size = size;
            this.createdAt = now;
            this.updatedAt = now;
        }
    }

    private final Cluster cluster;
    private final Map<String, Volume> volumes = new LinkedHashMap<>();

    public VolumeStore(Cluster cluster) {
        this.cluster = cluster;
    }

    public ObjectNode create(JsonNode body) {
        JsonNode input = body.path("volume");
        if (!input.isObject()) {
            throw badRequest("Missing required element 'volume' in request body.");
        }
        JsonNode size = input.get("size");
        if (size == null || !size.canConvertToInt() || size.asInt() <= 0) {
            throw badRequest("Invalid input received: 'size' parameter must be an integer greater than 0.");
        }
        Volume volume = new Volume(cluster.newId(), size.asInt(), cluster.now());
        volume.name = input.path("name").asText(null);
        volume.description = input.path("description").asText(null);
        input.path("metadata").fields().forEachRemaining(entry -> volume.metadata.put(entry.getKey(), entry.getValue().asText()));
        volumes.put(volume.id, volume);
        cluster.later(cluster.settings().volumeCreateMillis(), () -> {
            if ("creating".equals(volume.status)) {
                volume.status = "available";
                volume.updatedAt = cluster.now();
            }
        });
        return json(volume);
    }

    /** Nova making a boot volume for a server it creates: the volume is attached (in-use) from the start. */
    public String createAttached(int sizeGb, String serverId, String device) {
        Volume volume = new Volume(cluster.newId(), sizeGb, cluster.now());
        volume.name = "";
        volumes.put(volume.id, volume);
        volume.status = "available";
        attach(volume.id, serverId, device);
        return volume.id;
    }

    public ObjectNode get(String id) {
        return json(require(id));
    }

    public List<ObjectNode> list() {
        return volumes.values().stream().map(this::json).toList();
    }

    public void delete(String id) {
        Volume volume = require(id);
        if (!volume.status.equals("available") && !volume.status.equals("error")) {
            throw badRequest("Invalid volume: Volume status must be available or error or error_restoring or "
                    + "error_extending or error_managing and must not be migrating, attached, belong to a group, "
                    + "have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.");
        }
        volumes.remove(id);
    }

    /** Nova attaching the volume: it must be available; it becomes in-use. */
    public String attach(String volumeId, String serverId, String device) {
        Volume volume = volumes.get(volumeId);
        if (volume == null) {
            throw NovaStyleErrors.error(404, "Volume " + volumeId + " could not be found.", "computeFault");
        }
        if (!volume.status.equals("available")) {
            throw NovaStyleErrors.error(400, "Invalid volume: volume " + volumeId + " status must be 'available'. "
                    + "Currently in '" + volume.status + "'", "computeFault");
        }
        volume.status = "in-use";
        volume.serverId = serverId;
        volume.attachmentId = cluster.newId();
        volume.device = device;
        volume.attachedAt = cluster.now();
        volume.updatedAt = volume.attachedAt;
        return volume.attachmentId;
    }

    public void detach(String volumeId) {
        Volume volume = volumes.get(volumeId);
        if (volume != null && volume.serverId != null) {
            volume.status = "available";
            volume.serverId = null;
            volume.attachmentId = null;
            volume.device = null;
            volume.attachedAt = null;
            volume.updatedAt = cluster.now();
        }
    }

    public boolean exists(String volumeId) {
        return volumes.containsKey(volumeId);
    }

    public List<VolumeView> views() {
        return volumes.values().stream()
                .map(v -> new VolumeView(v.id, v.name, v.size, v.status, v.serverId)).toList();
    }

    private Volume require(String id) {
        Volume volume = volumes.get(id);
        if (volume == null) {
            throw NovaStyleErrors.error(404, "Volume " + id + " could not be found.", "computeFault");
        }
        return volume;
    }

    private static RuntimeException badRequest(String message) {
        return NovaStyleErrors.error(400, message, "computeFault");
    }

    private ObjectNode json(Volume volume) {
        ObjectNode json = Json.object();
        json.put("id", volume.id);
        json.put("name", volume.name);
        json.put("description", volume.description);
        json.put("status", volume.status);
        json.put("size", volume.size);
        json.put("availability_zone", "nova");
        json.put("created_at", Json.micros(volume.createdAt));
        json.put("updated_at", Json.micros(volume.updatedAt));
        var attachments = json.putArray("attachments");
        if (volume.serverId != null) {
            attachments.addObject()
                    .put("id", volume.id)
                    .put("attachment_id", volume.attachmentId)
                    .put("volume_id", volume.id)
                    .put("server_id", volume.serverId)
                    .put("host_name", (String) null)
                    .put("device", volume.device)
                    .put("attached_at", Json.micros(volume.attachedAt));
        }
        json.put("bootable", "false");
        json.put("encrypted", false);
        json.put("multiattach", false);
        json.put("volume_type", "__DEFAULT__");
        json.put("snapshot_id", (String) null);
        json.put("source_volid", (String) null);
        json.put("replication_status", (String) null);
        json.put("consistencygroup_id", (String) null);
        json.put("user_id", cluster.userId());
        json.put("os-vol-tenant-attr:tenant_id", cluster.projectId());
        ObjectNode metadata = json.putObject("metadata");
        volume.metadata.forEach(metadata::put);
        json.putArray("links").addObject().put("rel", "self")
                .put("href", cluster.baseUrl() + "/volume/v3/" + cluster.projectId() + "/volumes/" + volume.id);
        return json;
    }
}
