package io.ultron.app.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Object Mother for cluster registration bodies. */
public final class Clusters {

    private Clusters() {
    }

    public static Map<String, Object> registration(String name, String idc) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("area", "beijing");
        body.put("idc", idc);
        body.put("keystoneUrl", "https://keystone." + name + ".example:5000/v3");
        body.put("credentialsRef", "clusters/" + name);
        body.put("release", "zed");
        body.put("capabilities", List.of("CLOUD_DISK", "LOCAL_DISK"));
        body.put("maxConcurrentCalls", 20);
        return body;
    }

    public static Map<String, Object> registration(String name) {
        return registration(name, "bj-idc-1");
    }

    public static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    public static Map<String, Object> without(Map<String, Object> body, String field) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.remove(field);
        return copy;
    }
}
