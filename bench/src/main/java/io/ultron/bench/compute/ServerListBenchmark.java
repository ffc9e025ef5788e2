package io.ultron.bench.compute;

import io.ultron.bench.support.BenchMain;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.BatchId;
import io.ultron.api.compute.PowerAction;
import io.ultron.api.compute.ServerActiveEvent;
import io.ultron.api.compute.ServerBuildingEvent;
import io.ultron.api.compute.ServerCompensatedEvent;
import io.ultron.api.compute.ServerDeletedEvent;
import io.ultron.api.compute.ServerDeletionRequestedEvent;
import io.ultron.api.compute.ServerFailedEvent;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerNetworkReadyEvent;
import io.ultron.api.compute.ServerPowerActionCompletedEvent;
import io.ultron.api.compute.ServerPowerActionRequestedEvent;
import io.ultron.api.compute.ServerProvisioningFailedEvent;
import io.ultron.api.compute.ServerRequestedEvent;
import io.ultron.api.compute.ServerScheduledEvent;
import io.ultron.api.compute.ServerSpec;
import io.ultron.api.compute.ServerStatus;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import io.ultron.bench.support.BenchNode;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.timeout.AxonTaskJanitor;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.ConnectionCallback;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * p50/p99 latency of {@code GET /api/v1/servers} with each filter, against a single-server {@code GET} by id as
 * the baseline, over HTTP, at 30,000 servers, all queries interleaved at random in one run.
 *
 * <p>Fill: the servers' lifecycles as real events (serialized by the application's own serializer, with request
 * metadata), stored with multi-row JDBC inserts, then projected by a blue/green rebuild of compute-views, i.e.
 * the projection's own handlers (the live processors are moved to the head first, so nothing else reads the
 * history). Servers come in batches of 50 of one VPC (50 VPCs, each of one of 20 tenants) over 5 clusters, created
 * over 30 days, in mixed statuses (60% ACTIVE, 10% STOPPED, 9% DELETED, 7% FAILED, the rest under way or deleting).
 *
 * <p>Arguments: {@code [servers] [requests-per-query] [client-threads]} (defaults 30,000, 2,000, 1).
 */
public final class ServerListBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TENANTS = 20;
    private static final int VPCS = 50;
    private static final int CLUSTERS = 5;
    private static final int BATCH = 50;
    private static final int ROWS_PER_INSERT = 1000;
    private static final long SEED = 42;

    public static void main(String[] args) {
        BenchMain.run(args, ServerListBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int servers = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        try (BenchNode node = BenchNode.start(threads, "--ultron.rebuild.poll-interval=200ms")) {
            Fleet fleet = new Fleet(servers);
            List<StreamingEventProcessor> processors = stopProcessors(node);
            long start = System.nanoTime();
            long stored = store(node, fleet);
            double storeSeconds = (System.nanoTime() - start) / 1e9;
            restartProjectionsAtHead(node, processors);
            long rebuildStart = System.nanoTime();
            rebuild(node);
            double rebuildSeconds = (System.nanoTime() - rebuildStart) / 1e9;
            long rows = node.jdbc().queryForObject("SELECT COUNT(*) FROM server_view", Long.class);
            System.out.printf("%nfilled %,d servers (%,d events): stored in %.1f s, projected by a rebuild of compute-views in %.1f s%n",
                    rows, stored, storeSeconds, rebuildSeconds);
            node.jdbc().execute("ANALYZE TABLE server_view");

            Map<String, Supplier<String>> queries = queries(fleet);
            for (int i = 0; i < 200; i++) { // warm-up
                queries.values().forEach(q -> call(node, q.get()));
            }
            Map<String, List<Long>> latencies = measure(node, queries, requests, threads);
            print(node, queries, latencies, servers, requests, threads);
        } finally {
            // Axon's handler-timeout janitor is a JVM-wide non-daemon thread: exec:java would wait for it forever
            AxonTaskJanitor.INSTANCE.shutdownNow();
        }
    }

    /** The queries measured side by side; each call draws fresh random parameters. */
    private static Map<String, Supplier<String>> queries(Fleet fleet) {
        Random random = new Random(SEED + 1);
        Map<String, Supplier<String>> queries = new LinkedHashMap<>();
        queries.put("get by id (baseline)", () -> "/api/v1/servers/" + fleet.ids.get(random.nextInt(fleet.ids.size())));
        queries.put("list, default (createdAt desc)", () -> "/api/v1/servers");
        queries.put("list by tenant", () -> "/api/v1/servers?tenant=" + tenant(random.nextInt(TENANTS)));
        queries.put("list by status (ACTIVE)", () -> "/api/v1/servers?status=ACTIVE");
        queries.put("list by cluster + status", () -> "/api/v1/servers?clusterId=" + cluster(random.nextInt(CLUSTERS)) + "&status=ACTIVE");
        queries.put("list by address", () -> "/api/v1/servers?address=" + fleet.addresses.get(random.nextInt(fleet.addresses.size())));
        queries.put("list by name prefix (a batch)", () -> "/api/v1/servers?name="
                + encode(fleet.batchPrefixes.get(random.nextInt(fleet.batchPrefixes.size()))));
        queries.put("list by tenant, sort name", () -> "/api/v1/servers?tenant=" + tenant(random.nextInt(TENANTS)) + "&sort=name,asc");
        queries.put("list by tenant + status, sort updatedAt", () -> "/api/v1/servers?tenant=" + tenant(random.nextInt(TENANTS))
                + "&status=STOPPED&sort=updatedAt,desc");
        queries.put("list by vpc, sort status", () -> "/api/v1/servers?vpcId=" + fleet.vpcs.get(random.nextInt(VPCS)) + "&sort=status");
        queries.put("list, page 100 (offset 5,000)", () -> "/api/v1/servers?page=100");
        return queries;
    }

    /** Every query {@code requests} times, all calls shuffled together, on {@code threads} client threads. */
    private static Map<String, List<Long>> measure(BenchNode node, Map<String, Supplier<String>> queries, int requests, int threads) {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            order.addAll(queries.keySet());
        }
        Collections.shuffle(order, new Random(SEED + 2));
        Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        queries.keySet().forEach(name -> latencies.put(name, new CopyOnWriteArrayList<>()));
        BenchNode.timed(threads, order.size(), i -> {
            String name = order.get(i);
            String path;
            synchronized (queries) {
                path = queries.get(name).get();
            }
            long start = System.nanoTime();
            call(node, path);
            latencies.get(name).add(System.nanoTime() - start);
        });
        return latencies;
    }

    private static void print(BenchNode node, Map<String, Supplier<String>> queries, Map<String, List<Long>> latencies,
                              int servers, int requests, int threads) {
        double baseline = percentile(latencies.get("get by id (baseline)"), 0.99);
        System.out.printf("%nserver list over HTTP, %,d servers, %,d requests per query, %d client thread(s), all interleaved%n",
                servers, requests, threads);
        System.out.printf("%-42s %10s %10s %10s %12s%n", "query", "matches", "p50 ms", "p99 ms", "p99/baseline");
        queries.forEach((name, query) -> {
            JsonNode sample = json(call(node, query.get()));
            String matches = sample.has("total") ? String.format("%,d", sample.get("total").asLong()) : "1";
            List<Long> measured = latencies.get(name);
            System.out.printf("%-42s %10s %10.2f %10.2f %12.2f%n", name, matches, percentile(measured, 0.5) / 1e6,
                    percentile(measured, 0.99) / 1e6, percentile(measured, 0.99) / baseline);
        });
        double worst = latencies.entrySet().stream().filter(e -> !e.getKey().startsWith("get"))
                .mapToDouble(e -> percentile(e.getValue(), 0.99)).max().orElse(0);
        System.out.printf("worst list p99: %.2f ms (target 20 ms)%n", worst / 1e6);
    }

    /** Stores every server's events in global order, batch after batch, 1,000 rows per INSERT. */
    private static long store(BenchNode node, Fleet fleet) {
        Serializer serializer = node.bean(Configuration.class).eventSerializer();
        return node.jdbc().execute((ConnectionCallback<Long>) connection -> {
            long stored = 0;
            int row = 0;
            try (PreparedStatement full = connection.prepareStatement(insert(ROWS_PER_INSERT))) {
                List<Object[]> tail = new ArrayList<>();
                for (Fleet.Event event : fleet.events()) {
                    var payload = serializer.serialize(event.payload(), byte[].class);
                    var meta = serializer.serialize(MetaData.from(Map.of("traceId", "bench-" + UUID.randomUUID(),
                            "actor", "bench", "correlationId", UUID.randomUUID().toString())), byte[].class);
                    Object[] values = {event.serverId(), event.sequence(), UUID.randomUUID().toString(), meta.getData(),
                            payload.getData(), payload.getType().getRevision(), payload.getType().getName(), event.time().toString()};
                    for (int c = 0; c < values.length; c++) {
                        full.setObject(row * values.length + c + 1, values[c]);
                    }
                    tail.add(values);
                    stored++;
                    if (++row == ROWS_PER_INSERT) {
                        full.executeUpdate();
                        row = 0;
                        tail.clear();
                    }
                }
                // the last, partial statement row by row
                try (PreparedStatement single = connection.prepareStatement(insert(1))) {
                    for (Object[] values : tail) {
                        for (int c = 0; c < values.length; c++) {
                            single.setObject(c + 1, values[c]);
                        }
                        single.executeUpdate();
                    }
                }
            }
            return stored;
        });
    }

    private static String insert(int rows) {
        return """
                INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, eventIdentifier, metaData, payload,
                                              payloadRevision, payloadType, timeStamp) VALUES
                """ + String.join(",", Collections.nCopies(rows, "(?, ?, 'Server', ?, ?, ?, ?, ?, ?)"));
    }

    /** Only the rebuild reads the stored history: every processor stops while it is stored. */
    private static List<StreamingEventProcessor> stopProcessors(BenchNode node) {
        List<StreamingEventProcessor> stopped = new ArrayList<>();
        node.bean(EventProcessingConfiguration.class).eventProcessors().values().forEach(processor -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                streaming.shutDown();
                stopped.add(streaming);
            }
        });
        return stopped;
    }

    /** Projections go on from the head; sagas (which cannot be reset, and must not act on synthetic servers) stay stopped. */
    private static void restartProjectionsAtHead(BenchNode node, List<StreamingEventProcessor> processors) {
        StreamableMessageSource<?> source = node.bean(Configuration.class).eventStore();
        for (StreamingEventProcessor processor : processors) {
            if (processor.supportsReset()) {
                processor.resetTokens(s -> source.createHeadToken());
                processor.start();
            }
        }
    }

    private static void rebuild(BenchNode node) throws InterruptedException {
        var started = node.post("/api/v1/admin/projections/compute-views/rebuild", "");
        if (started.statusCode() != 202) {
            throw new IllegalStateException("rebuild request answered " + started.statusCode() + ": " + started.body());
        }
        while (true) {
            JsonNode status = json(call(node, "/api/v1/admin/projections/compute-views/rebuild"));
            switch (status.get("state").asText()) {
                case "DONE" -> {
                    return;
                }
                case "FAILED" -> throw new IllegalStateException("rebuild failed: " + status);
                default -> Thread.sleep(100); // polling a benchmark's own progress endpoint, not a test
            }
        }
    }

    private static String call(BenchNode node, String path) {
        var response = node.get(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static double percentile(List<Long> latencies, double p) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static String tenant(int t) {
        return String.format("t%02d", t);
    }

    private static String cluster(int c) {
        return "cl-bench-" + c;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }

    /** The servers to store, drawn from a seeded random source, and what the queries pick from. */
    private static final class Fleet {

        record Event(String serverId, long sequence, Object payload, Instant time) {
        }

        record Server(ServerId id, BatchId batch, ServerSpec spec, ClusterId cluster, SubnetId subnet, String address,
                      ServerStatus status, Instant created) {
        }

        /** Statuses whose servers hold their address (and are listed without asking for DELETED). */
        static final Set<ServerStatus> HOLDS_ADDRESS = EnumSet.of(ServerStatus.NETWORK_READY, ServerStatus.BUILDING,
                ServerStatus.ACTIVE, ServerStatus.STOPPED, ServerStatus.DELETING);

        final List<Server> servers = new ArrayList<>();
        final List<String> ids = new ArrayList<>();
        final List<String> addresses = new ArrayList<>();
        final List<String> batchPrefixes = new ArrayList<>();
        final List<String> vpcs = new ArrayList<>();

        Fleet(int count) {
            Random random = new Random(SEED);
            for (int v = 0; v < VPCS; v++) {
                vpcs.add("vpc-" + UUID.nameUUIDFromBytes(("bench-vpc-" + v).getBytes(StandardCharsets.UTF_8)));
            }
            int[] addressesUsed = new int[VPCS];
            Instant first = Instant.now().minus(Duration.ofDays(30));
            int batches = (count + BATCH - 1) / BATCH;
            long spacing = Duration.ofDays(30).toMillis() / batches;
            for (int b = 0; b < batches; b++) {
                int v = random.nextInt(VPCS);
                String tenant = tenant(v % TENANTS);
                VpcId vpc = VpcId.of(vpcs.get(v));
                BatchId batch = BatchId.random();
                String prefix = String.format("%s-b%04d", tenant, b);
                batchPrefixes.add(prefix);
                Instant created = first.plusMillis(b * spacing);
                for (int k = 0; k < BATCH && servers.size() < count; k++) {
                    int n = addressesUsed[v]++;
                    String address = "11." + v + "." + (n / 250) + "." + (n % 250 + 4);
                    ServerSpec spec = new ServerSpec(tenant, String.format("%s-%02d", prefix, k), vpc, "bench-idc",
                            "m1.small", "img-ubuntu-22", Capability.CLOUD_DISK, 40, List.of("default"), false);
                    Server server = new Server(ServerId.random(), batch, spec, ClusterId.of(cluster(random.nextInt(CLUSTERS))),
                            SubnetId.of(vpc, 1), address, status(random.nextInt(100)), created.plusMillis(k));
                    servers.add(server);
                    ids.add(server.id().value());
                    if (HOLDS_ADDRESS.contains(server.status())) {
                        addresses.add(address);
                    }
                }
            }
        }

        /** 60% ACTIVE, 10% STOPPED, 9% DELETED, 7% FAILED, 5% BUILDING, 3% SCHEDULED, 2% each NETWORK_READY, REQUESTED, DELETING. */
        private static ServerStatus status(int percentile) {
            if (percentile < 60) return ServerStatus.ACTIVE;
            if (percentile < 70) return ServerStatus.STOPPED;
            if (percentile < 79) return ServerStatus.DELETED;
            if (percentile < 86) return ServerStatus.FAILED;
            if (percentile < 91) return ServerStatus.BUILDING;
            if (percentile < 94) return ServerStatus.SCHEDULED;
            if (percentile < 96) return ServerStatus.NETWORK_READY;
            if (percentile < 98) return ServerStatus.REQUESTED;
            return ServerStatus.DELETING;
        }

        /** Each server's events, one second apart from its creation, server after server. */
        List<Event> events() {
            List<Event> events = new ArrayList<>();
            for (Server s : servers) {
                List<Object> story = story(s);
                for (int i = 0; i < story.size(); i++) {
                    events.add(new Event(s.id().value(), i, story.get(i), s.created().plusSeconds(i)));
                }
            }
            return events;
        }

        private static List<Object> story(Server s) {
            ServerId id = s.id();
            List<Object> story = new ArrayList<>();
            story.add(new ServerRequestedEvent(id, s.batch(), s.spec(), 2, 4096, "nova-flavor-small"));
            if (s.status() == ServerStatus.REQUESTED) {
                return story;
            }
            story.add(new ServerScheduledEvent(id, s.cluster(), s.subnet(), 1));
            if (s.status() == ServerStatus.SCHEDULED) {
                return story;
            }
            story.add(new ServerNetworkReadyEvent(id, 1, s.cluster(), s.subnet(), s.address(), "port-" + id));
            if (s.status() == ServerStatus.NETWORK_READY) {
                return story;
            }
            if (s.status() == ServerStatus.FAILED) {
                story.add(new ServerProvisioningFailedEvent(id, 1, s.cluster(), "boot", "No valid host was found", false));
                story.add(new ServerCompensatedEvent(id, 1, s.cluster()));
                story.add(new ServerFailedEvent(id, s.batch(), "No valid host was found"));
                return story;
            }
            story.add(new ServerBuildingEvent(id, 1, s.cluster(), "nova-" + id));
            if (s.status() == ServerStatus.BUILDING) {
                return story;
            }
            story.add(new ServerActiveEvent(id, s.batch(), 1, s.cluster(), "compute-" + Math.floorMod(id.hashCode(), 1000), s.address()));
            if (s.status() == ServerStatus.STOPPED) {
                story.add(new ServerPowerActionRequestedEvent(id, s.cluster(), PowerAction.STOP));
                story.add(new ServerPowerActionCompletedEvent(id, PowerAction.STOP, ServerStatus.STOPPED));
            } else if (s.status() == ServerStatus.DELETING || s.status() == ServerStatus.DELETED) {
                story.add(new ServerDeletionRequestedEvent(id, s.cluster(), s.spec().vpcId(), s.subnet(), s.address(), ServerStatus.ACTIVE));
                if (s.status() == ServerStatus.DELETED) {
                    story.add(new ServerDeletedEvent(id));
                }
            }
            return story;
        }
    }
}
