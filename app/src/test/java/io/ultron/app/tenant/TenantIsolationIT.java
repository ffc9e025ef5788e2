package io.ultron.app.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.compute.Images;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Callers;
import io.ultron.app.support.Http;
import io.ultron.app.support.Networks;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static io.ultron.app.support.Networks.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two tenants on one fleet: tenant a's VPC, subnet, address, batch and server, and callers of tenant b (a member and
 * a viewer) and of tenant a. Every route that names one of a's resources (read from the application's own request
 * mappings: a new route without a line here fails) answers b's callers as if it did not exist and changes nothing;
 * lists leave a's resources out; a body or filter naming tenant a is 403 to b; a trace shows a caller only its
 * tenants' events.
 */
@UltronIntegrationTest
class TenantIsolationIT extends ApiIntegrationTest {

    static final SimulatedFleet fleet = SimulatedFleet.start(1);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        fleet.properties((key, value) -> registry.add(key, () -> value));
        registry.add("ultron.compute.capacity-refresh", () -> "300ms");
        registry.add("ultron.compute.build-watch-interval", () -> "200ms");
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** Tenant a's resources, made once (by a's member) for every test. */
    static String idc;
    static String cluster;
    static String vpcA;
    static String subnetA;
    static String addressA;
    static String batchA;
    static String serverA;
    static String traceA;
    static Http memberA;
    static Http viewerA;
    static Http memberB;
    static Http viewerB;
    static String vpcB;

    @BeforeEach
    void tenantA() {
        if (vpcA != null) {
            return;
        }
        String tag = UUID.randomUUID().toString().substring(0, 8);
        idc = "idc-" + tag;
        cluster = fleet.registerAllAndAwait(http, idc).values().iterator().next();
        memberA = Callers.create(http, "alice", List.of("member"), List.of("tenant-a"), null).http();
        viewerA = Callers.create(http, "anna", List.of("viewer"), List.of("tenant-a"), null).http();
        memberB = Callers.create(http, "bob", List.of("member"), List.of("tenant-b"), null).http();
        viewerB = Callers.create(http, "bea", List.of("viewer"), List.of("tenant-b"), null).http();

        vpcA = Networks.createVpc(memberA, "tenant-a", "a-net");
        subnetA = Networks.createSubnet(memberA, vpcA, idc);
        Networks.awaitPoolsReady(memberA, subnetA, 1);
        var ip = memberA.post("/api/v1/subnets/" + subnetA + "/ips", Map.of("clusterId", cluster, "owner", "a-owner"));
        assertThat(ip.status()).as(ip.body()).isEqualTo(201);
        addressA = ip.json().get("address").asText();
        traceA = "trace-a-" + tag;
        var created = memberA.post("/api/v1/batches", batch("tenant-a", vpcA), "X-Request-Id", traceA);
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        batchA = created.json().get("batchId").asText();
        serverA = created.json().get("serverIds").get(0).asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> memberA.get("/api/v1/servers/" + serverA),
                server -> server.status() == 200 && server.json().get("status").asText().equals("ACTIVE"));
        vpcB = Networks.createVpc(memberB, "tenant-b", "b-net");
    }

    private static Map<String, Object> batch(String tenant, String vpc) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", tenant);
        body.put("namePrefix", "app");
        body.put("count", 1);
        body.put("vpcId", vpc);
        body.put("idc", idc);
        body.put("flavor", "m1.small");
        body.put("image", Images.CIRROS);
        body.put("bootDisk", "CLOUD");
        body.put("diskGb", 10);
        return body;
    }

    record Route(String method, String pattern) {
        String key() {
            return method + " " + pattern;
        }
    }

    /** Each route naming a resource, with tenant a's ids and a body that would be accepted from a's member. */
    private Map<String, Runnable> routesNamingTenantAsResources(Http caller, List<String> wrong) {
        Map<String, Runnable> calls = new LinkedHashMap<>();
        String asOf = "?asOf=" + Instant.now().plusSeconds(60);
        for (String kind : List.of("vpcs/" + vpcA, "subnets/" + subnetA, "servers/" + serverA, "batches/" + batchA)) {
            String root = kind.substring(0, kind.indexOf('/'));
            calls.put("GET /api/v1/" + root + "/{id}", notFound(caller, "GET", "/api/v1/" + kind, null, wrong));
            calls.put("GET /api/v1/" + root + "/{id}/history", notFound(caller, "GET", "/api/v1/" + kind + "/history", null, wrong));
        }
        for (String kind : List.of("vpcs/" + vpcA, "servers/" + serverA, "batches/" + batchA)) {
            String root = kind.substring(0, kind.indexOf('/'));
            calls.put("GET /api/v1/" + root + "/{id}/history/export",
                    notFound(caller, "GET", "/api/v1/" + kind + "/history/export", null, wrong));
        }
        // as of an instant: the same routes with asOf, checked as well
        calls.put("GET /api/v1/vpcs/{id} asOf", notFound(caller, "GET", "/api/v1/vpcs/" + vpcA + asOf, null, wrong));
        calls.put("GET /api/v1/subnets/{id} asOf", notFound(caller, "GET", "/api/v1/subnets/" + subnetA + asOf, null, wrong));
        calls.put("GET /api/v1/servers/{id} asOf", notFound(caller, "GET", "/api/v1/servers/" + serverA + asOf, null, wrong));
        calls.put("GET /api/v1/vpcs/{id}/subnets", notFound(caller, "GET", "/api/v1/vpcs/" + vpcA + "/subnets", null, wrong));
        calls.put("GET /api/v1/subnets/{id}/ips", notFound(caller, "GET", "/api/v1/subnets/" + subnetA + "/ips", null, wrong));
        calls.put("GET /api/v1/batches/{id}/servers", notFound(caller, "GET", "/api/v1/batches/" + batchA + "/servers", null, wrong));
        calls.put("GET /api/v1/ips/{address}", notFound(caller, "GET", "/api/v1/ips/" + addressA, null, wrong));
        calls.put("GET /api/v1/ip-pools?vpcId", notFound(caller, "GET", "/api/v1/ip-pools?vpcId=" + vpcA, null, wrong));
        calls.put("GET /api/v1/traces/{traceId}", notFound(caller, "GET", "/api/v1/traces/" + traceA, null, wrong));
        calls.put("GET /api/v1/traces/{traceId}/export", notFound(caller, "GET", "/api/v1/traces/" + traceA + "/export", null, wrong));
        calls.put("DELETE /api/v1/vpcs/{id}", notFound(caller, "DELETE", "/api/v1/vpcs/" + vpcA, null, wrong));
        calls.put("POST /api/v1/vpcs/{id}/subnets", notFound(caller, "POST", "/api/v1/vpcs/" + vpcA + "/subnets", Map.of("idc", idc), wrong));
        calls.put("DELETE /api/v1/subnets/{id}", notFound(caller, "DELETE", "/api/v1/subnets/" + subnetA, null, wrong));
        calls.put("POST /api/v1/subnets/{id}/ips", notFound(caller, "POST", "/api/v1/subnets/" + subnetA + "/ips",
                Map.of("clusterId", cluster, "owner", "b-owner"), wrong));
        calls.put("DELETE /api/v1/subnets/{id}/ips/{address}", notFound(caller, "DELETE",
                "/api/v1/subnets/" + subnetA + "/ips/" + addressA + "?owner=a-owner", null, wrong));
        calls.put("DELETE /api/v1/servers/{id}", notFound(caller, "DELETE", "/api/v1/servers/" + serverA, null, wrong));
        calls.put("POST /api/v1/servers/{id}/actions", notFound(caller, "POST", "/api/v1/servers/" + serverA + "/actions",
                Map.of("action", "STOP"), wrong));
        return calls;
    }

    private static Runnable notFound(Http caller, String method, String path, Object body, List<String> wrong) {
        return () -> {
            Http.Response answer = switch (method) {
                case "GET" -> caller.get(path);
                case "DELETE" -> caller.delete(path);
                case "POST" -> caller.post(path, body);
                default -> throw new AssertionError(method);
            };
            // a viewer is refused changes by its role (403) before any tenant is looked at
            boolean roleRefusal = answer.status() == 403 && !method.equals("GET") && "forbidden".equals(code(answer));
            if (answer.status() != 404 && !roleRefusal) {
                wrong.add(method + " " + path + ": " + answer.status() + " " + answer.body());
            }
            if (answer.body().contains("tenant-a") || (answer.status() == 200 && !answer.body().isEmpty())) {
                wrong.add(method + " " + path + ": shows tenant a's data: " + answer.body());
            }
        };
    }

    private static String code(Http.Response answer) {
        try {
            return answer.json().get("code").asText();
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    @Test
    void everyRouteNamingAnotherTenantsResourceIsNotFoundAndChangesNothing() {
        List<String> routes = tenantResourceRoutes();
        for (Http caller : List.of(memberB, viewerB)) {
            long eventsBefore = eventsOf(vpcA) + eventsOf(serverA);
            List<String> wrong = new ArrayList<>();
            Map<String, Runnable> calls = routesNamingTenantAsResources(caller, wrong);
            Set<String> covered = new TreeSet<>();
            calls.keySet().forEach(key -> covered.add(key.replaceAll(" asOf$", "").replaceAll("\\?.*$", "")));
            assertThat(routes).as("routes naming a tenant's resource without a line in this test").allMatch(covered::contains);
            calls.values().forEach(Runnable::run);
            assertThat(wrong).isEmpty();
            assertThat(eventsOf(vpcA) + eventsOf(serverA)).as("nothing stored for tenant a's resources").isEqualTo(eventsBefore);
        }
        // and tenant a's own callers get them
        assertThat(memberA.get("/api/v1/vpcs/" + vpcA).status()).isEqualTo(200);
        assertThat(viewerA.get("/api/v1/servers/" + serverA + "/history").status()).isEqualTo(200);
        assertThat(viewerA.get("/api/v1/ips/" + addressA).json().at("/holder/owner").asText()).isEqualTo("a-owner");
        assertThat(viewerA.get("/api/v1/subnets/" + subnetA + "/ips").json()).extracting(ip -> ip.get("owner").asText())
                .containsExactlyInAnyOrder("a-owner", serverA);
        assertThat(memberA.get("/api/v1/traces/" + traceA).status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE CAST(metaData AS CHAR) LIKE '%callerTenants%'",
                Long.class)).as("the caller's scope is for deciding, not for the record").isZero();
    }

    @Test
    void listsShowOnlyTheCallersTenantsAndAFilterForAnotherTenantIsForbidden() {
        assertThat(ids(memberB.get("/api/v1/vpcs").json())).contains(vpcB).doesNotContain(vpcA);
        assertThat(ids(viewerB.get("/api/v1/vpcs").json())).contains(vpcB).doesNotContain(vpcA);
        assertThat(ids(viewerA.get("/api/v1/vpcs").json())).contains(vpcA).doesNotContain(vpcB);
        assertThat(ids(http.get("/api/v1/vpcs").json())).as("the admin sees every tenant").contains(vpcA, vpcB);
        assertProblem(memberB.get("/api/v1/vpcs?tenant=tenant-a"), 403, "tenant-forbidden");

        assertThat(ids(viewerA.get("/api/v1/servers").json().get("items"))).contains(serverA);
        assertThat(ids(viewerB.get("/api/v1/servers").json().get("items"))).doesNotContain(serverA);
        assertThat(viewerB.get("/api/v1/servers?vpcId=" + vpcA).json().get("total").asLong()).isZero();
        assertThat(viewerB.get("/api/v1/servers?address=" + addressA).json().get("total").asLong()).isZero();
        assertProblem(viewerB.get("/api/v1/servers?tenant=tenant-a"), 403, "tenant-forbidden");

        JsonNode poolsOfB = viewerB.get("/api/v1/ip-pools").json();
        assertThat(StreamSupport.stream(poolsOfB.get("pools").spliterator(), false).map(pool -> pool.get("vpcId").asText()))
                .doesNotContain(vpcA);
        JsonNode poolsOfA = viewerA.get("/api/v1/ip-pools?clusterId=" + cluster).json();
        assertThat(StreamSupport.stream(poolsOfA.get("pools").spliterator(), false).map(pool -> pool.get("vpcId").asText()))
                .containsOnly(vpcA);
    }

    @Test
    void aBodyNamingAnotherTenantIsForbiddenAndStoresNothing() {
        long vpcs = jdbc.queryForObject("SELECT COUNT(*) FROM vpc_view", Long.class);
        assertProblem(memberB.post("/api/v1/vpcs", Map.of("area", "beijing", "tenant", "tenant-a", "name", "sneaky")), 403,
                "tenant-forbidden");
        assertProblem(memberB.post("/api/v1/batches", batch("tenant-a", vpcA)), 403, "tenant-forbidden");
        Map<String, Object> server = batch("tenant-a", vpcA);
        server.remove("namePrefix");
        server.remove("count");
        server.put("name", "sneaky");
        assertProblem(memberB.post("/api/v1/servers", server), 403, "tenant-forbidden");
        // b's own tenant in a's VPC: the VPC does not exist for b
        assertProblem(memberB.post("/api/v1/batches", batch("tenant-b", vpcA)), 404, "vpc-not-found");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM vpc_view", Long.class)).isEqualTo(vpcs);
        assertThat(memberA.get("/api/v1/batches/" + batchA).json().get("requested").asInt()).isEqualTo(1);
    }

    @Test
    void aTraceShowsOnlyTheCallersTenantsEvents() {
        String trace = "trace-fleet-" + UUID.randomUUID().toString().substring(0, 8);
        var drained = http.post("/api/v1/clusters/" + cluster + "/drain", Map.of(), "X-Request-Id", trace);
        assertThat(drained.status()).as(drained.body()).isLessThan(300);
        assertThat(http.post("/api/v1/clusters/" + cluster + "/enable", Map.of()).status()).isLessThan(300);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/v1/traces/" + trace).status() == 200);
        assertThat(http.get("/api/v1/traces/" + trace).json()).isNotEmpty();
        assertProblem(memberA.get("/api/v1/traces/" + trace), 404, "trace-not-found");

        JsonNode ownTrace = memberA.get("/api/v1/traces/" + traceA).json();
        assertThat(ownTrace).extracting(event -> event.get("resourceId").asText()).contains(batchA, serverA)
                .allMatch(aggregate -> aggregate.equals(batchA) || aggregate.equals(serverA) || aggregate.equals(vpcA));
        assertThat(http.get("/api/v1/traces/" + traceA).json()).as("the admin sees the same story").hasSameSizeAs(ownTrace);
        String export = memberA.get("/api/v1/traces/" + traceA + "/export").body();
        assertThat(export.lines()).hasSameSizeAs(ownTrace);
    }

    private List<String> tenantResourceRoutes() {
        List<String> routes = new ArrayList<>();
        mappings.getHandlerMethods().keySet().forEach(info -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                boolean namesOne = pattern.matches("/api/v1/(vpcs|subnets|servers|batches|ips|traces)/.*");
                if (namesOne) {
                    methods.forEach(method -> routes.add(method.name() + " " + pattern));
                }
            }
        });
        return routes;
    }

    private long eventsOf(String aggregate) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = ?", Long.class, aggregate);
    }

    private static List<String> ids(JsonNode items) {
        return StreamSupport.stream(items.spliterator(), false).map(item -> item.get("id").asText()).toList();
    }
}
