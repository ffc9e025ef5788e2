package io.ultron.sim.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ultron.sim.http.Json;
import io.ultron.sim.http.Router;
import io.ultron.sim.http.ClusterScopedApi;
import io.ultron.sim.http.SimRequest;
import io.ultron.sim.http.SimResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Neutron v2.0, served below {@code /<cluster>/network/v2.0}. */
public final class NeutronApi extends ClusterScopedApi {

    private static final Set<String> NOT_FILTERS = Set.of("fields", "limit", "marker", "sort_key", "sort_dir", "page_reverse");

    private final Router router;

    public NeutronApi() {
        router = new Router(
                path -> NeutronErrors.error(404, "HTTPNotFound", "The resource could not be found."),
                call -> NeutronErrors.error(405, "HTTPMethodNotAllowed", "The method is not allowed: " + call));
        router.add("GET", "/", request -> SimResponse.ok(versions(request)));
        router.add("GET", "/v2.0/networks", request -> list("networks", store().networks(), request));
        router.add("POST", "/v2.0/networks", request -> created("network", store().createNetwork(request.json())));
        router.add("GET", "/v2.0/networks/{id}", request -> one("network", store().network(request.var("id"))));
        router.add("DELETE", "/v2.0/networks/{id}", request -> deleted(() -> store().deleteNetwork(request.var("id"))));
        router.add("GET", "/v2.0/subnets", request -> list("subnets", store().subnets(), request));
        router.add("POST", "/v2.0/subnets", request -> created("subnet", store().createSubnet(request.json())));
        router.add("GET", "/v2.0/subnets/{id}", request -> one("subnet", store().subnet(request.var("id"))));
        router.add("PUT", "/v2.0/subnets/{id}",
                request -> one("subnet", store().updateSubnet(request.var("id"), request.json())));
        router.add("DELETE", "/v2.0/subnets/{id}", request -> deleted(() -> store().deleteSubnet(request.var("id"))));
        router.add("GET", "/v2.0/ports", request -> list("ports", store().ports(), request));
        router.add("POST", "/v2.0/ports", request -> created("port", store().createPort(request.json())));
        router.add("GET", "/v2.0/ports/{id}", request -> one("port", store().port(request.var("id"))));
        router.add("PUT", "/v2.0/ports/{id}", request -> one("port", store().updatePort(request.var("id"), request.json())));
        router.add("DELETE", "/v2.0/ports/{id}", request -> deleted(() -> store().deletePort(request.var("id"))));
        router.add("GET", "/v2.0/security-groups", request -> list("security_groups", store().securityGroups(), request));
        router.add("POST", "/v2.0/security-groups",
                request -> created("security_group", store().createSecurityGroup(request.json())));
        router.add("GET", "/v2.0/security-groups/{id}",
                request -> one("security_group", store().securityGroup(request.var("id"))));
        router.add("DELETE", "/v2.0/security-groups/{id}",
                request -> deleted(() -> store().deleteSecurityGroup(request.var("id"))));
        router.add("GET", "/v2.0/security-group-rules",
                request -> list("security_group_rules", store().securityGroupRules(), request));
        router.add("POST", "/v2.0/security-group-rules",
                request -> created("security_group_rule", store().createSecurityGroupRule(request.json())));
        router.add("GET", "/v2.0/security-group-rules/{id}",
                request -> one("security_group_rule", store().securityGroupRule(request.var("id"))));
        router.add("DELETE", "/v2.0/security-group-rules/{id}",
                request -> deleted(() -> store().deleteSecurityGroupRule(request.var("id"))));
    }

    @Override
    protected Router router() {
        return router;
    }

    @Override
    public JsonNode errorBody(int status, String message) {
        String type = switch (status) {
            case 429 -> "OverQuota";
            case 503 -> "ServiceUnavailable";
            default -> "HTTPInternalServerError";
        };
        ObjectNode error = Json.object();
        error.putObject("NeutronError").put("type", type).put("message", message).put("detail", "");
        return error;
    }

    private NetworkStore store() {
        return cluster().network();
    }

    private static ObjectNode versions(SimRequest request) {
        ObjectNode json = Json.object();
        ObjectNode version = json.putArray("versions").addObject();
        version.put("id", "v2.0").put("status", "CURRENT");
        version.putArray("links").addObject().put("href", request.baseUrl() + "/v2.0/").put("rel", "self");
        return json;
    }

    private static SimResponse one(String key, ObjectNode resource) {
        ObjectNode json = Json.object();
        json.set(key, resource);
        return SimResponse.ok(json);
    }

    private static SimResponse created(String key, ObjectNode resource) {
        ObjectNode json = Json.object();
        json.set(key, resource);
        return SimResponse.created(json);
    }

    private static SimResponse deleted(Runnable delete) {
        delete.run();
        return SimResponse.noContent();
    }

    /** Neutron filters lists by any attribute given as a query parameter; fixed_ips by "ip_address=" or "subnet_id=". */
    private static SimResponse list(String key, List<ObjectNode> resources, SimRequest request) {
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode resource : resources) {
            if (matches(resource, request.query())) {
                matching.add(resource);
            }
        }
        String marker = request.queryParam("marker");
        if (marker != null) {
            int index = indexOf(matching, marker);
            matching = index < 0 ? List.of() : matching.subList(index + 1, matching.size());
        }
        ObjectNode json = Json.object();
        String limitText = request.queryParam("limit");
        int limit = limitText == null ? Integer.MAX_VALUE : Math.max(1, Integer.parseInt(limitText));
        List<ObjectNode> page = matching.size() > limit ? matching.subList(0, limit) : matching;
        ArrayNode array = json.putArray(key);
        page.forEach(array::add);
        if (page.size() < matching.size()) {
            String last = page.get(page.size() - 1).path("id").asText();
            json.putArray(key + "_links").addObject().put("rel", "next")
                    .put("href", request.baseUrl() + "/v2.0/" + key.replace('_', '-') + "?limit=" + limit + "&marker=" + last);
        }
        return SimResponse.ok(json);
    }

    private static int indexOf(List<ObjectNode> resources, String id) {
        for (int i = 0; i < resources.size(); i++) {
            if (resources.get(i).path("id").asText().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(ObjectNode resource, Map<String, List<String>> query) {
        for (Map.Entry<String, List<String>> filter : query.entrySet()) {
            if (NOT_FILTERS.contains(filter.getKey())) {
                continue;
            }
            JsonNode value = resource.get(filter.getKey());
            if (value == null) {
                continue;
            }
            Function<String, Boolean> accepts = wanted -> accepts(value, wanted);
            if (filter.getValue().stream().noneMatch(accepts::apply)) {
                return false;
            }
        }
        return true;
    }

    private static boolean accepts(JsonNode value, String wanted) {
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (element.isObject() && wanted.contains("=")) {
                    String[] pair = wanted.split("=", 2);
                    if (element.path(pair[0]).asText().equals(pair[1])) {
                        return true;
                    }
                } else if (element.asText().equals(wanted)) {
                    return true;
                }
            }
            return false;
        }
        return value.asText().equalsIgnoreCase(wanted);
    }
}
