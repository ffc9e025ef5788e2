package io.ultron.sim.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultron.sim.cluster.Cluster;
import io.ultron.sim.http.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A few public images, the same ids in every cluster (as when operators sync their images). */
public final class ImageCatalog {

    /** One Glance image. */
    public record Image(String id, String name, String diskFormat, long sizeBytes, int minDiskGb, int minRamMb) {
    }

    private static final Instant UPLOADED = Instant.parse("2024-01-15T08:00:00Z");

    private final Map<String, Image> images = new LinkedHashMap<>();
    private final Cluster cluster;

    public ImageCatalog(Cluster cluster) {
        this.cluster = cluster;
        add("cirros-0.6.2-x86_64", "qcow2", 21_430_272L, 1, 64);
        add("ubuntu-22.04-server", "qcow2", 676_855_808L, 10, 1024);
        add("rocky-9.3-x86_64", "qcow2", 1_012_924_416L, 10, 1024);
        add("windows-server-2022", "raw", 12_884_901_888L, 40, 4096);
    }

    private void add(String name, String format, long size, int minDisk, int minRam) {
        String id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        images.put(id, new Image(id, name, format, size, minDisk, minRam));
    }

    public Image find(String id) {
        return images.get(id);
    }

    public List<Image> all() {
        return List.copyOf(images.values());
    }

    public ObjectNode json(Image image) {
        ObjectNode json = Json.object();
        json.put("id", image.id());
        json.put("name", image.name());
        json.put("status", "active");
        json.put("visibility", "public");
        json.put("protected", false);
        json.put("os_hidden", false);
        json.put("container_format", "bare");
        json.put("disk_format", image.diskFormat());
        json.put("size", image.sizeBytes());
        json.put("virtual_size", (Long) null);
        json.put("min_disk", image.minDiskGb());
        json.put("min_ram", image.minRamMb());
        json.put("checksum", Integer.toHexString(image.name().hashCode()));
        json.put("os_hash_algo", "sha512");
        json.put("owner", cluster.projectId());
        json.putArray("tags");
        json.put("created_at", Json.seconds(UPLOADED));
        json.put("updated_at", Json.seconds(UPLOADED));
        json.put("self", "/v2/images/" + image.id());
        json.put("file", "/v2/images/" + image.id() + "/file");
        json.put("schema", "/v2/schemas/image");
        return json;
    }
}
