package io.ultron.app.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.SimulatedFleet;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ultron.app.support.Networks.awaitPoolsReady;
import static io.ultron.app.support.Networks.createSubnet;
import static io.ultron.app.support.Networks.createVpc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * network-views has six tables, its per-VPC position among them; a blue/green rebuild rebuilds them all from
 * the events and swaps them in together, while queries keep being answered and addresses keep being handed
 * out, and the live processor goes on into the new tables without applying anything twice.
 */
@UltronIntegrationTest
class NetworkViewsRebuildIT extends ApiIntegrationTest {

    static final SimulatedFleet fleet = SimulatedFleet.start(2);

    @DynamicPropertySource
    static void openStack(DynamicPropertyRegistry registry) {
        fleet.properties((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Test
    void rebuildRestoresVpcsPoolsAndAddressHistoryWhileQueriesAndAllocationsGoOn() throws Exception {
        Map<String, String> clusters = fleet.registerAllAndAwait(http, "idc-rebuild");
        List<String> clusterIds = new ArrayList<>(clusters.values());
        String web = createVpc(http, "rebuild", "web");
        String db = createVpc(http, "rebuild", "db");
        List<String> subnets = List.of(createSubnet(http, web, "idc-rebuild"), createSubnet(http, web, "idc-rebuild"),
                createSubnet(http, db, "idc-rebuild"));
        subnets.forEach(subnet -> awaitPoolsReady(http, subnet, clusterIds.size()));
        // a subnet deleted again: its pools leave the views
        String gone = createSubnet(http, db, "idc-rebuild");
        awaitPoolsReady(http, gone, clusterIds.size());
        assertThat(http.delete("/api/v1/subnets/" + gone).status()).isEqualTo(202);

        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String subnet = subnets.get(i % subnets.size());
            addresses.add(allocate(subnet, clusterIds.get(i % clusterIds.size()), "vm-" + i));
        }
        for (int i = 0; i < addresses.size(); i += 3) {
            assertThat(http.delete("/api/v1/subnets/" + subnets.get(i % subnets.size()) + "/ips/" + addresses.get(i) + "?owner=vm-" + i)
                    .status()).isEqualTo(204);
        }
        // a released address handed out again: two holders in its history
        String again = allocate(subnets.get(0), clusterIds.get(0), "vm-again");
        addresses.add(again);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                http.get("/api/v1/subnets/" + gone).json().get("status").asText().equals("DELETED")
                        && addresses.stream().allMatch(a -> http.get("/api/v1/ips/" + a).status() == 200)
                        && http.get("/api/v1/ip-pools?vpcId=" + web).json().get("total").get("used").asInt()
                        + http.get("/api/v1/ip-pools?vpcId=" + db).json().get("total").get("used").asInt() == 9);
        Map<String, JsonNode> before = views(List.of(web, db), subnets, gone, addresses);
        List<Map<String, Object>> positionsBefore = positions(web, db);
        // views gone wrong: only a rebuild puts them right (the live handlers skip events they have applied)
        jdbc.update("UPDATE ip_pool_view SET used = 0");
        jdbc.update("UPDATE ip_history_view SET owner = 'nobody', trace_id = NULL");
        jdbc.update("UPDATE vpc_view SET status = 'DELETED'");

        // a third VPC keeps handing out addresses through the rebuild and its swap
        String busy = createVpc(http, "rebuild", "busy");
        String busySubnet = createSubnet(http, busy, "idc-rebuild");
        awaitPoolsReady(http, busySubnet, clusterIds.size());
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> failures = new CopyOnWriteArrayList<>();
        List<String> handedOut = new CopyOnWriteArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        // the writer spends at most 150 addresses before the swap, so it always has room to go on after it
        CountDownLatch swapped = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            while (running.get() && handedOut.size() < 200) {
                if (handedOut.size() >= 150) {
                    awaitQuietly(swapped);
                }
                var ip = http.post("/api/v1/subnets/" + busySubnet + "/ips",
                        Map.of("clusterId", clusterIds.get(handedOut.size() % 2), "owner", "busy-" + handedOut.size()));
                if (ip.status() != 201) {
                    failures.add("allocate " + ip.status() + ": " + ip.body());
                    return;
                }
                handedOut.add(ip.json().get("address").asText());
            }
        });
        Thread reader = new Thread(() -> {
            while (running.get()) {
                for (String path : List.of("/api/v1/ip-pools?vpcId=" + web, "/api/v1/subnets/" + subnets.get(0),
                        "/api/v1/vpcs/" + db, "/api/v1/ips/" + again)) {
                    var response = http.get(path);
                    if (response.status() != 200) {
                        failures.add(path + " " + response.status() + ": " + response.body());
                    }
                }
                reads.incrementAndGet();
            }
        });
        writer.start();
        reader.start();
        try {
            assertThat(http.post("/api/v1/admin/projections/network-views/rebuild", null).status()).isEqualTo(202);
            JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> http.get("/api/v1/admin/projections/network-views/rebuild").json(),
                            s -> s.get("state").asText().equals("DONE") || s.get("state").asText().equals("FAILED"));
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
            int readsAtSwap = reads.get();
            int handedOutAtSwap = handedOut.size();
            swapped.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() > readsAtSwap + 5
                    && (handedOut.size() > handedOutAtSwap + 3 || !failures.isEmpty()));
        } finally {
            running.set(false);
            swapped.countDown();
            writer.join();
            reader.join();
        }

        assertThat(failures).isEmpty();
        assertThat(views(List.of(web, db), subnets, gone, addresses)).isEqualTo(before);
        assertThat(positions(web, db)).isEqualTo(positionsBefore);
        // the busy VPC: every address handed out around the swap counted once, each with its holder
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(http.get("/api/v1/ip-pools?vpcId=" + busy).json().get("total").get("used").asInt()).isEqualTo(handedOut.size());
            for (String address : handedOut) {
                JsonNode lookup = http.get("/api/v1/ips/" + address).json();
                assertThat(lookup.get("history")).hasSize(1);
                assertThat(lookup.has("holder")).isTrue();
            }
        });
        Integer leftovers = jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND (table_name LIKE '%!_next' ESCAPE '!' OR table_name LIKE '%!_old' ESCAPE '!')", Integer.class);
        assertThat(leftovers).isZero();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String allocate(String subnet, String cluster, String owner) {
        var ip = http.post("/api/v1/subnets/" + subnet + "/ips", Map.of("clusterId", cluster, "owner", owner));
        assertThat(ip.status()).as(ip.body()).isEqualTo(201);
        return ip.json().get("address").asText();
    }

    /** Every query answer about these VPCs, subnets and addresses, by path. */
    private Map<String, JsonNode> views(List<String> vpcs, List<String> subnets, String gone, List<String> addresses) {
        List<String> paths = new ArrayList<>();
        for (String vpc : vpcs) {
            paths.add("/api/v1/vpcs/" + vpc);
            paths.add("/api/v1/vpcs/" + vpc + "/subnets");
            paths.add("/api/v1/ip-pools?vpcId=" + vpc);
        }
        for (String subnet : subnets) {
            paths.add("/api/v1/subnets/" + subnet);
            paths.add("/api/v1/subnets/" + subnet + "/ips");
        }
        paths.add("/api/v1/subnets/" + gone);
        addresses.forEach(address -> paths.add("/api/v1/ips/" + address));
        Map<String, JsonNode> views = new LinkedHashMap<>();
        for (String path : paths) {
            var response = http.get(path);
            assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
            views.put(path, response.json());
        }
        return views;
    }

    private List<Map<String, Object>> positions(String... vpcs) {
        return jdbc.queryForList("SELECT vpc_id, sequence FROM network_view_position WHERE vpc_id IN (?, ?) ORDER BY vpc_id",
                (Object[]) vpcs);
    }
}
