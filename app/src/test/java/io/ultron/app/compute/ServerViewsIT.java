package io.ultron.app.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.BatchCompletedEvent;
import io.ultron.api.compute.BatchId;
import io.ultron.api.compute.BatchRequestedEvent;
import io.ultron.api.compute.BatchServerSettledEvent;
import io.ultron.api.compute.PowerAction;
import io.ultron.api.compute.ServerActiveEvent;
import io.ultron.api.compute.ServerBuildingEvent;
import io.ultron.api.compute.ServerDeletedEvent;
import io.ultron.api.compute.ServerDeletionRequestedEvent;
import io.ultron.api.compute.ServerFailedEvent;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerNetworkReadyEvent;
import io.ultron.api.compute.ServerPowerActionCompletedEvent;
import io.ultron.api.compute.ServerPowerActionRequestedEvent;
import io.ultron.api.compute.ServerScheduledEvent;
import io.ultron.api.compute.ServerStatus;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.ComputeEvents;
import io.ultron.app.support.ComputeEvents.Stored;
import io.ultron.app.support.Http;
import io.ultron.app.support.UltronIntegrationTest;
import io.ultron.projections.rebuild.RebuildableProjection;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static io.ultron.app.support.ComputeEvents.spec;
import static io.ultron.app.support.ComputeEvents.subnet;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server and batch views over REST, fed by events stored straight into the event store (no Server or Batch
 * aggregate involved, sagas stopped): filters, paging, sorting, detail, state as of an instant, history, batch
 * progress, and the refusals. Every test works on names, tenants, VPCs and clusters of its own.
 */
@UltronIntegrationTest
class ServerViewsIT extends ApiIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    EventStore eventStore;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    List<RebuildableProjection> projections;

    private ComputeEvents events;
    private String tag;

    @BeforeEach
    void newHistory() {
        ComputeEvents.stopSagas(processing);
        events = new ComputeEvents(eventStore, Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));
        tag = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void eachFilterNarrowsTheListAndDeletedServersShowOnlyWhenAskedFor() {
        String tenant = "tenant-" + tag;
        String other = "other-" + tag;
        VpcId vpc1 = ComputeEvents.vpc();
        VpcId vpc2 = ComputeEvents.vpc();
        ClusterId az1 = ClusterId.of("cl-az1-" + tag);
        ClusterId az2 = ClusterId.of("cl-az2-" + tag);
        BatchId batch = BatchId.random();
        ServerId web1 = active(batch, tenant, tag + "-web-1", vpc1, az1, "11.1.0.1");
        ServerId web2 = active(batch, tenant, tag + "-web-2", vpc1, az2, "11.1.0.2");
        ServerId db1 = events.requested(batch, spec(tenant, tag + "-db-1", vpc2));
        events.server(db1, new ServerScheduledEvent(db1, az1, subnet(vpc2), 1));
        events.server(db1, new ServerNetworkReadyEvent(db1, 1, az1, subnet(vpc2), "11.1.0.3", "port-db1"));
        events.server(db1, new ServerBuildingEvent(db1, 1, az1, "nova-db1"));
        ServerId db2 = events.requested(batch, spec(tenant, tag + "-db-2", vpc2));
        events.server(db2, new ServerFailedEvent(db2, batch, "no cluster with room"));
        ServerId gone = active(batch, tenant, tag + "-web-3", vpc1, az1, "11.1.0.4");
        events.server(gone, new ServerDeletionRequestedEvent(gone, az1, vpc1, subnet(vpc1), "11.1.0.4", ServerStatus.ACTIVE));
        events.server(gone, new ServerDeletedEvent(gone));
        ServerId foreign = active(batch, other, tag + "-web-9", vpc1, az1, "11.1.0.5");
        events.awaitProjected(jdbc);

        assertThat(ids("tenant=" + tenant)).containsExactlyInAnyOrder(web1, web2, db1, db2);
        assertThat(list("tenant=" + tenant).get("total").asLong()).isEqualTo(4);
        assertThat(ids("tenant=" + tenant + "&status=DELETED")).containsExactly(gone);
        assertThat(ids("tenant=" + tenant + "&status=building")).containsExactly(db1);
        assertThat(ids("vpcId=" + vpc1)).containsExactlyInAnyOrder(web1, web2, foreign);
        assertThat(ids("clusterId=" + az1)).containsExactlyInAnyOrder(web1, db1, foreign);
        assertThat(ids("clusterId=" + az1 + "&status=ACTIVE")).containsExactlyInAnyOrder(web1, foreign);
        assertThat(ids("address=11.1.0.3")).containsExactly(db1);
        assertThat(ids("name=" + tag + "-web")).containsExactlyInAnyOrder(web1, web2, foreign);
        assertThat(ids("name=" + tag + "-web&tenant=" + other)).containsExactly(foreign);
        assertThat(ids("tenant=" + tenant + "&vpcId=" + vpc2 + "&status=FAILED")).containsExactly(db2);
        // LIKE wildcards in the prefix are taken literally
        assertThat(ids("name=" + tag + "-w_b")).isEmpty();
        assertThat(ids("name=" + tag + "%25")).isEmpty();

        JsonNode db = list("address=11.1.0.3").get("items").get(0);
        assertThat(db.get("status").asText()).isEqualTo("BUILDING");
        assertThat(db.get("clusterId").asText()).isEqualTo(az1.value());
        assertThat(db.get("novaServerId").asText()).isEqualTo("nova-db1");
        assertThat(db.get("securityGroups")).extracting(JsonNode::asText).containsExactly("default", "web");
        assertThat(db.has("host")).isFalse();
    }

    @Test
    void pagesFollowEachSortOrderWithoutOverlapAndCountEveryMatch() {
        String tenant = "pages-" + tag;
        VpcId vpc = ComputeEvents.vpc();
        BatchId batch = BatchId.random();
        List<String> names = List.of("kilo", "alpha", "echo", "golf", "bravo", "delta", "charlie");
        List<ServerId> servers = new ArrayList<>();
        for (String name : names) {
            servers.add(events.requested(batch, spec(tenant, name, vpc)));
        }
        // statuses in creation order: REQUESTED, SCHEDULED, REQUESTED, SCHEDULED, ...; touched again in reverse order
        for (int i = names.size() - 1; i >= 0; i--) {
            if (i % 2 == 1) {
                events.server(servers.get(i), new ServerScheduledEvent(servers.get(i), ClusterId.of("cl-" + tag), subnet(vpc), 1));
            }
        }
        events.awaitProjected(jdbc);
        String q = "tenant=" + tenant + "&size=3";

        List<ServerId> newestFirst = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonNode body = list(q + "&page=" + page);
            assertThat(body.get("total").asLong()).isEqualTo(7);
            assertThat(body.get("page").asInt()).isEqualTo(page);
            assertThat(body.get("size").asInt()).isEqualTo(3);
            body.get("items").forEach(item -> newestFirst.add(ServerId.of(item.get("id").asText())));
        }
        List<ServerId> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        assertThat(oldestFirst).containsExactlyElementsOf(servers);
        JsonNode beyond = list(q + "&page=3");
        assertThat(beyond.get("items")).isEmpty();
        assertThat(beyond.get("total").asLong()).isEqualTo(7);

        assertThat(names(q.replace("size=3", "size=50") + "&sort=name")).containsExactly(
                "alpha", "bravo", "charlie", "delta", "echo", "golf", "kilo");
        assertThat(names(q + "&sort=name,desc&page=1")).containsExactly("delta", "charlie", "bravo");
        assertThat(names(q.replace("size=3", "size=50") + "&sort=createdAt,asc")).containsExactlyElementsOf(names);
        // by status, then by creation time
        assertThat(names(q.replace("size=3", "size=50") + "&sort=status,asc")).containsExactly(
                "kilo", "echo", "bravo", "charlie", "alpha", "golf", "delta");
        // scheduled servers were touched last, the last one scheduled (alpha) first
        assertThat(names(q.replace("size=3", "size=50") + "&sort=updatedAt,desc")).containsExactly(
                "alpha", "golf", "delta", "charlie", "bravo", "echo", "kilo");
    }

    @Test
    void detailAsOfHistoryAndExportTellTheServersStory() throws Exception {
        VpcId vpc = ComputeEvents.vpc();
        ClusterId az1 = ClusterId.of("cl-az1-" + tag);
        BatchId batch = BatchId.random();
        SubnetId subnet = subnet(vpc);
        ServerId id = events.requested(batch, spec("story-" + tag, "story-1", vpc));
        Instant requested = events.now().minusSeconds(1);
        events.server(id, new ServerScheduledEvent(id, az1, subnet, 1), "trace-schedule-" + tag);
        events.server(id, new ServerNetworkReadyEvent(id, 1, az1, subnet, "11.2.0.7", "port-1"), "trace-network-" + tag);
        Stored building = events.server(id, new ServerBuildingEvent(id, 1, az1, "nova-77"), "trace-build-" + tag);
        Stored active = events.server(id, new ServerActiveEvent(id, batch, 1, az1, "compute-12", "11.2.0.7"), "trace-active-" + tag);
        events.server(id, new ServerPowerActionRequestedEvent(id, az1, PowerAction.STOP), "trace-stop-" + tag);
        events.awaitProjected(jdbc);

        JsonNode now = http.get("/api/v1/servers/" + id).json();
        assertThat(now.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(now.get("pendingAction").asText()).isEqualTo("STOP");
        assertThat(now.get("host").asText()).isEqualTo("compute-12");
        assertThat(now.get("address").asText()).isEqualTo("11.2.0.7");
        assertThat(now.get("batchId").asText()).isEqualTo(batch.value());
        assertThat(now.get("attempt").asInt()).isEqualTo(1);
        assertThat(Instant.parse(now.get("createdAt").asText())).isEqualTo(requested);
        assertThat(Instant.parse(now.get("updatedAt").asText())).isEqualTo(active.time().plusSeconds(1));
        // the view now and the events folded up to now agree
        JsonNode folded = http.get("/api/v1/servers/" + id + "?asOf=" + Instant.now()).json();
        assertThat(folded).isEqualTo(now);

        JsonNode thenBuilding = http.get("/api/v1/servers/" + id + "?asOf=" + building.time()).json();
        assertThat(thenBuilding.get("status").asText()).isEqualTo("BUILDING");
        assertThat(thenBuilding.get("novaServerId").asText()).isEqualTo("nova-77");
        assertThat(thenBuilding.has("host")).isFalse();
        assertThat(thenBuilding.has("pendingAction")).isFalse();
        assertThat(http.get("/api/v1/servers/" + id + "?asOf=" + requested.minusSeconds(1)).status()).isEqualTo(404);
        var malformed = http.get("/api/v1/servers/" + id + "?asOf=last-tuesday");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("code").asText()).isEqualTo("invalid-as-of");

        JsonNode history = http.get("/api/v1/servers/" + id + "/history").json();
        assertThat(history).extracting(e -> e.get("type").asText()).containsExactly("ServerRequestedEvent",
                "ServerScheduledEvent", "ServerNetworkReadyEvent", "ServerBuildingEvent", "ServerActiveEvent",
                "ServerPowerActionRequestedEvent");
        assertThat(history).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(history).extracting(e -> e.get("traceId").asText()).endsWith("trace-schedule-" + tag,
                "trace-network-" + tag, "trace-build-" + tag, "trace-active-" + tag, "trace-stop-" + tag);
        assertThat(history.get(4).get("payload").get("host").asText()).isEqualTo("compute-12");

        var export = http.get("/api/v1/servers/" + id + "/history/export");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("application/x-ndjson");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : export.body().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).isEqualTo(toList(history));

        for (String path : List.of("", "/history", "/history/export")) {
            var missing = http.get("/api/v1/servers/srv-nobody" + path);
            assertThat(missing.status()).as(path).isEqualTo(404);
            assertThat(missing.json().get("code").asText()).isEqualTo("server-not-found");
        }
    }

    @Test
    void batchProgressCountsEachSettledServerOnceAndEndsCompleted() throws Exception {
        String tenant = "batch-" + tag;
        VpcId vpc = ComputeEvents.vpc();
        ClusterId az1 = ClusterId.of("cl-az1-" + tag);
        BatchId batch = BatchId.random();
        List<ServerId> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(events.requested(batch, spec(tenant, "app-" + i, vpc)));
        }
        events.batch(batch, new BatchRequestedEvent(batch, tenant, "app", 3, ids));
        events.provisioned(ids.get(0), batch, az1, subnet(vpc), "11.3.0.1");
        events.batch(batch, new BatchServerSettledEvent(batch, ids.get(0), true, null));
        events.server(ids.get(1), new ServerFailedEvent(ids.get(1), batch, "no valid host"));
        events.batch(batch, new BatchServerSettledEvent(batch, ids.get(1), false, "no valid host"));
        events.awaitProjected(jdbc);

        JsonNode halfway = http.get("/api/v1/batches/" + batch).json();
        assertThat(halfway.get("tenant").asText()).isEqualTo(tenant);
        assertThat(halfway.get("namePrefix").asText()).isEqualTo("app");
        assertThat(halfway.get("requested").asInt()).isEqualTo(3);
        assertThat(halfway.get("active").asInt()).isEqualTo(1);
        assertThat(halfway.get("failed").asInt()).isEqualTo(1);
        assertThat(halfway.get("pending").asInt()).isEqualTo(1);
        assertThat(halfway.get("completed").asBoolean()).isFalse();
        assertThat(halfway.has("completedAt")).isFalse();

        // every event of the batch and its servers delivered once more: nothing changes
        redeliver(batch.value());
        ids.forEach(id -> redeliver(id.value()));
        assertThat(http.get("/api/v1/batches/" + batch).json()).isEqualTo(halfway);

        events.provisioned(ids.get(2), batch, az1, subnet(vpc), "11.3.0.3");
        events.batch(batch, new BatchServerSettledEvent(batch, ids.get(2), true, null));
        Stored completed = events.batch(batch, new BatchCompletedEvent(batch, 3, 2, 1));
        events.awaitProjected(jdbc);

        JsonNode done = http.get("/api/v1/batches/" + batch).json();
        assertThat(done.get("active").asInt()).isEqualTo(2);
        assertThat(done.get("failed").asInt()).isEqualTo(1);
        assertThat(done.get("pending").asInt()).isZero();
        assertThat(done.get("completed").asBoolean()).isTrue();
        assertThat(Instant.parse(done.get("completedAt").asText())).isEqualTo(completed.time());

        JsonNode page = http.get("/api/v1/batches/" + batch + "/servers?size=2").json();
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("items")).extracting(s -> s.get("name").asText()).containsExactly("app-0", "app-1");
        assertThat(page.get("items").get(1).get("status").asText()).isEqualTo("FAILED");
        assertThat(page.get("items").get(1).get("failureReason").asText()).isEqualTo("no valid host");
        assertThat(http.get("/api/v1/batches/" + batch + "/servers?page=1&size=2&sort=name,desc").json().get("items"))
                .extracting(s -> s.get("name").asText()).containsExactly("app-0");
        assertThat(http.get("/api/v1/batches/" + batch + "/history").json())
                .extracting(e -> e.get("type").asText()).containsExactly("BatchRequestedEvent", "BatchServerSettledEvent",
                        "BatchServerSettledEvent", "BatchServerSettledEvent", "BatchCompletedEvent");

        for (String path : List.of("", "/servers", "/history")) {
            var missing = http.get("/api/v1/batches/batch-nobody" + path);
            assertThat(missing.status()).as(path).isEqualTo(404);
            assertThat(missing.json().get("code").asText()).isEqualTo("batch-not-found");
        }
    }

    @Test
    void powerActionsAndDeletionMoveTheStatus() {
        VpcId vpc = ComputeEvents.vpc();
        BatchId batch = BatchId.random();
        ServerId id = active(batch, "power-" + tag, "power-1", vpc, ClusterId.of("cl-" + tag), "11.4.0.1");
        events.server(id, new ServerPowerActionRequestedEvent(id, ClusterId.of("cl-" + tag), PowerAction.STOP));
        events.server(id, new ServerPowerActionCompletedEvent(id, PowerAction.STOP, ServerStatus.STOPPED));
        events.awaitProjected(jdbc);
        JsonNode stopped = http.get("/api/v1/servers/" + id).json();
        assertThat(stopped.get("status").asText()).isEqualTo("STOPPED");
        assertThat(stopped.has("pendingAction")).isFalse();

        events.server(id, new ServerDeletionRequestedEvent(id, ClusterId.of("cl-" + tag), vpc, subnet(vpc), "11.4.0.1", ServerStatus.STOPPED));
        events.awaitProjected(jdbc);
        assertThat(http.get("/api/v1/servers/" + id).json().get("status").asText()).isEqualTo("DELETING");
        assertThat(ids("tenant=power-" + tag)).containsExactly(id);

        events.server(id, new ServerDeletedEvent(id));
        events.awaitProjected(jdbc);
        assertThat(http.get("/api/v1/servers/" + id).json().get("status").asText()).isEqualTo("DELETED");
        assertThat(ids("tenant=power-" + tag)).isEmpty();
        assertThat(ids("tenant=power-" + tag + "&status=DELETED")).containsExactly(id);
    }

    @Test
    void badParametersAreRefusedAsProblems() {
        record Bad(String query, String code) {
        }
        for (Bad bad : List.of(
                new Bad("page=-1", "invalid-page"),
                new Bad("size=0", "invalid-size"),
                new Bad("size=501", "invalid-size"),
                new Bad("sort=flavor", "invalid-sort"),
                new Bad("sort=name,upwards", "invalid-sort"),
                new Bad("sort=name,asc,again", "invalid-sort"),
                new Bad("status=RUNNING", "invalid-status"),
                new Bad("address=11.0.0", "invalid-address"),
                new Bad("page=first", "invalid-parameter"))) {
            Http.Response response = http.get("/api/v1/servers?" + bad.query());
            assertThat(response.status()).as(bad.query()).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.json().get("code").asText()).as(bad.query()).isEqualTo(bad.code());
            assertThat(response.json().get("traceId").asText()).isNotBlank();
        }
        assertThat(http.get("/api/v1/servers?size=500&sort=updatedAt,ASC").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/batches/batch-nobody/servers?size=1000").json().get("code").asText()).isEqualTo("invalid-size");
    }

    private ServerId active(BatchId batch, String tenant, String name, VpcId vpc, ClusterId cluster, String address) {
        ServerId id = events.requested(batch, spec(tenant, name, vpc));
        events.provisioned(id, batch, cluster, subnet(vpc), address);
        return id;
    }

    private JsonNode list(String query) {
        Http.Response response = http.get("/api/v1/servers?" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private List<ServerId> ids(String query) {
        List<ServerId> ids = new ArrayList<>();
        list(query).get("items").forEach(item -> ids.add(ServerId.of(item.get("id").asText())));
        return ids;
    }

    private List<String> names(String query) {
        List<String> names = new ArrayList<>();
        list(query).get("items").forEach(item -> names.add(item.get("name").asText()));
        return names;
    }

    /** Hands the aggregate's stored events to the projection's handlers again, as a redelivery would. */
    private void redeliver(String aggregateId) {
        RebuildableProjection projection = projections.stream()
                .filter(p -> p.processingGroup().equals("compute-views")).findFirst().orElseThrow();
        var handler = new AnnotationEventHandlerAdapter(projection,
                ClasspathParameterResolverFactory.forClass(AopUtils.getTargetClass(projection)));
        eventStore.readEvents(aggregateId).asStream().forEach(event -> {
            try {
                handler.handle(event);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }
}
