package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;
import io.ultron.sagas.openstack.OpenStackCompute.ComputeCapacity;
import io.ultron.sagas.openstack.OpenStackCompute.ServerState;
import io.ultron.sagas.openstack.OpenStackNetworks.NeutronSubnet;
import io.ultron.sim.Credentials;
import io.ultron.sim.SimulatorConfig;
import io.ultron.sim.admin.RequestRecord;
import io.ultron.sim.compute.ServerView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.openstack.OSFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** A server's life on Nova and Neutron, over real HTTP to the simulator. */
class OpenStack4jComputeTest {

    /** Plenty of room; boots take under a second. */
    private static final String ROOMY = "cluster-1";
    /** One host of 8 vCPU. */
    private static final String SMALL = "cluster-2";
    /** Every answer comes 150 ms late, long enough to inject a fault between two calls of one attempt. */
    private static final String SLOW = "cluster-3";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static SimulatedOpenStack openStack;
    private static final Map<String, NeutronSubnet> subnets = new java.util.HashMap<>();
    private OpenStack4jCompute compute;

    @BeforeAll
    static void startSimulator() {
        openStack = SimulatedOpenStack.start(SimulatorConfig.builder()
                .clusters(3)
                .bootTime(Duration.ofMillis(500), Duration.ofMillis(700))
                .cluster(SMALL, s -> s.hosts(1).vcpusPerHost(8))
                .cluster(SLOW, s -> s.latency(150, 150))
                .build());
        OpenStack4jNetworks networks = openStack.node(SimulatedOpenStack.fastProperties(), 4).networks();
        for (String cluster : List.of(ROOMY, SMALL, SLOW)) {
            subnets.put(cluster, join(networks.ensureSubnet(ClusterId.of(cluster), Subnets.slash22("sn-compute"),
                    trace())));
        }
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        openStack.close();
    }

    @BeforeEach
    void freshNode() {
        compute = openStack.node(SimulatedOpenStack.fastProperties(), 4).compute();
        openStack.sim.admin().clearRequests();
    }

    @Test
    void bootsAServerOnItsPortThatBuildsThenTurnsActiveWithHostAndAddress() {
        String ultronId = Servers.newUltronId();
        String ip = Servers.newFixedIp();

        String portId = join(compute.createPort(id(ROOMY), Servers.port(ultronId, subnets.get(ROOMY), ip), trace()));
        String serverId = join(compute.bootServer(id(ROOMY), Servers.boot(ultronId, portId), trace()));

        assertThat(status(ROOMY, ultronId)).get()
                .satisfies(state -> assertThat(state.serverId()).isEqualTo(serverId))
                .satisfies(state -> assertThat(state.status()).isEqualTo("BUILD"));
        ServerState active = await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> status(ROOMY, ultronId).orElseThrow(), ServerState::active);
        assertThat(active.host()).isNotBlank();
        assertThat(active.addresses()).containsExactly(ip);
        assertThat(active.faultMessage()).isNull();
        ServerView server = serverNamed(ROOMY, "ultron-" + ultronId).orElseThrow();
        assertThat(server.portIds()).containsExactly(portId);
        assertThat(server.metadata()).containsEntry("ultron_id", ultronId)
                .containsEntry("ultron_name", "web-" + ultronId)
                .containsEntry("vpc", "vpc-test");
    }

    @Test
    void bootingTwiceWithTheSameUltronIdGivesTheSameServerAndCreatesNoSecond() {
        String ultronId = Servers.newUltronId();
        String portId = join(compute.createPort(id(ROOMY),
                Servers.port(ultronId, subnets.get(ROOMY), Servers.newFixedIp()), trace()));

        String first = join(compute.bootServer(id(ROOMY), Servers.boot(ultronId, portId), trace()));
        String second = join(compute.bootServer(id(ROOMY), Servers.boot(ultronId, portId), trace()));

        assertThat(second).isEqualTo(first);
        assertThat(openStack.sim.admin().servers(ROOMY)).filteredOn(s -> s.name().equals("ultron-" + ultronId))
                .singleElement().satisfies(s -> assertThat(s.id()).isEqualTo(first));
        assertThat(openStack.serviceRequests(ROOMY))
                .filteredOn(r -> r.method().equals("POST") && r.path().endsWith("/servers")).hasSize(1);
    }

    @Test
    void createPortTwiceReusesThePortNamedAfterTheServer() {
        String ultronId = Servers.newUltronId();
        var request = Servers.port(ultronId, subnets.get(ROOMY), Servers.newFixedIp());

        String first = join(compute.createPort(id(ROOMY), request, trace()));
        String second = join(compute.createPort(id(ROOMY), request, trace()));

        assertThat(second).isEqualTo(first);
        assertThat(openStack.sim.admin().ports(ROOMY)).filteredOn(p -> p.name().equals("ultron-" + ultronId))
                .hasSize(1);
    }

    @Test
    void aServerCreateAnsweredWith500IsFollowedByALookupAndNeverYieldsTwoServers() {
        String ultronId = Servers.newUltronId();
        String portId = join(compute.createPort(id(SLOW),
                Servers.port(ultronId, subnets.get(SLOW), Servers.newFixedIp()), trace()));
        String trace = trace();
        String requestId = RequestIds.fromTraceId(trace);

        CompletableFuture<String> boot = compute.bootServer(id(SLOW), Servers.boot(ultronId, portId), trace);
        // The lookup before the create is logged as it is served, 150 ms before the adapter reads its answer:
        // the fault injected now hits the create.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10))
                .until(() -> computeCalls(requestId).stream().anyMatch(r -> r.method().equals("GET")));
        openStack.sim.admin().failNextCalls(SLOW, 1, 500);
        String serverId = join(boot);

        assertThat(computeCalls(requestId)).extracting(r -> r.method() + " " + r.status())
                .containsExactly("GET 200", "POST 500", "GET 200", "GET 200", "POST 202");
        assertThat(openStack.sim.admin().servers(SLOW)).filteredOn(s -> s.name().equals("ultron-" + ultronId))
                .singleElement().satisfies(s -> assertThat(s.id()).isEqualTo(serverId));
    }

    @Test
    void serverStatusFindsOnlyTheServerWithExactlyItsName() {
        String ultronId = Servers.newUltronId();
        String longerId = ultronId + "0";
        String portId = join(compute.createPort(id(ROOMY),
                Servers.port(longerId, subnets.get(ROOMY), Servers.newFixedIp()), trace()));
        join(compute.bootServer(id(ROOMY), Servers.boot(longerId, portId), trace()));

        assertThat(status(ROOMY, ultronId)).isEmpty();
        assertThat(status(ROOMY, longerId)).isPresent();
    }

    @Test
    void aServerNoHostHasRoomForEndsInErrorWithNovasNoValidHostFault() {
        String ultronId = Servers.newUltronId();
        String portId = join(compute.createPort(id(SMALL),
                Servers.port(ultronId, subnets.get(SMALL), Servers.newFixedIp()), trace()));

        join(compute.bootServer(id(SMALL), Servers.boot(ultronId, portId, Servers.HUGE), trace()));

        ServerState failed = await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> status(SMALL, ultronId).orElseThrow(), state -> !state.status().equals("BUILD"));
        assertThat(failed.failed()).isTrue();
        assertThat(failed.faultMessage()).startsWith("No valid host was found");
        assertThat(failed.host()).isNull();
    }

    @Test
    void capacityReportsTheHypervisorStatisticsAndWhatAServerUses() {
        ComputeCapacity before = join(compute.capacity(id(SMALL), trace()));
        String ultronId = Servers.newUltronId();
        String portId = join(compute.createPort(id(SMALL),
                Servers.port(ultronId, subnets.get(SMALL), Servers.newFixedIp()), trace()));
        join(compute.bootServer(id(SMALL), Servers.boot(ultronId, portId), trace()));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> status(SMALL, ultronId).orElseThrow(), ServerState::active);

        ComputeCapacity after = join(compute.capacity(id(SMALL), trace()));

        assertThat(before.hypervisors()).isEqualTo(1);
        assertThat(before.vcpus()).isEqualTo(8);
        assertThat(before.memoryMb()).isEqualTo(262_144);
        assertThat(after.vcpusUsed()).isEqualTo(before.vcpusUsed() + 2);
        assertThat(after.memoryMbUsed()).isEqualTo(before.memoryMbUsed() + 4096);
        assertThat(after.runningVms()).isEqualTo(before.runningVms() + 1);
        assertThat(after.freeVcpus()).isEqualTo(before.freeVcpus() - 2);
        join(compute.deleteServer(id(SMALL), ultronId, trace()));
        join(compute.deletePort(id(SMALL), ultronId, trace()));
    }

    @Test
    void deletesAreIdempotentAndLeaveNoServerAndNoPortBehind() {
        String ultronId = Servers.newUltronId();
        String portId = join(compute.createPort(id(ROOMY),
                Servers.port(ultronId, subnets.get(ROOMY), Servers.newFixedIp()), trace()));
        join(compute.bootServer(id(ROOMY), Servers.boot(ultronId, portId), trace()));

        join(compute.deleteServer(id(ROOMY), ultronId, trace()));
        join(compute.deleteServer(id(ROOMY), ultronId, trace()));
        join(compute.deletePort(id(ROOMY), ultronId, trace()));
        join(compute.deletePort(id(ROOMY), ultronId, trace()));

        assertThat(openStack.sim.admin().servers(ROOMY)).noneMatch(s -> s.name().equals("ultron-" + ultronId));
        assertThat(openStack.sim.admin().ports(ROOMY)).noneMatch(p -> p.id().equals(portId)
                || p.name().equals("ultron-" + ultronId));
        assertThat(status(ROOMY, ultronId)).isEmpty();
    }

    @Test
    void aPortAndServerWhoseDeletesAreAnswered404AreLookedUpByNameAgainAndDeleted() {
        String ultronId = Servers.newUltronId();
        String portId = join(compute.createPort(id(ROOMY),
                Servers.port(ultronId, subnets.get(ROOMY), Servers.newFixedIp()), trace()));
        join(compute.bootServer(id(ROOMY), Servers.boot(ultronId, portId), trace()));
        String trace = trace();

        openStack.sim.admin().loseNextDeletes(ROOMY, 1);
        join(compute.deleteServer(id(ROOMY), ultronId, trace));
        openStack.sim.admin().loseNextDeletes(ROOMY, 1);
        join(compute.deletePort(id(ROOMY), ultronId, trace));

        assertThat(openStack.sim.admin().servers(ROOMY)).noneMatch(s -> s.name().equals("ultron-" + ultronId));
        assertThat(openStack.sim.admin().ports(ROOMY)).noneMatch(p -> p.id().equals(portId));
        assertThat(openStack.sim.admin().requests(RequestIds.fromTraceId(trace)))
                .filteredOn(r -> r.method().equals("DELETE")).extracting(RequestRecord::status)
                .containsExactly(404, 204, 404, 204);
    }

    @Test
    void aPortOpenStackKeepsListingWhileAnsweringItsDeletes404FailsTheCleanUpRetryably() {
        String ultronId = Servers.newUltronId();
        String portId = join(compute.createPort(id(ROOMY),
                Servers.port(ultronId, subnets.get(ROOMY), Servers.newFixedIp()), trace()));
        openStack.sim.admin().loseNextDeletes(ROOMY, NamedDeletion.MAX_ROUNDS);

        Throwable failure = catchThrowable(() -> join(compute.deletePort(id(ROOMY), ultronId, trace())));

        assertThat(failure).cause().isInstanceOfSatisfying(OpenStackCallException.class, e -> {
            assertThat(e.reason()).isEqualTo(OpenStackCallException.Reason.INCONSISTENT);
            assertThat(e.retryable()).isTrue();
        });
        assertThat(openStack.sim.admin().ports(ROOMY)).anyMatch(p -> p.id().equals(portId));
        join(compute.deletePort(id(ROOMY), ultronId, trace()));
        assertThat(openStack.sim.admin().ports(ROOMY)).noneMatch(p -> p.id().equals(portId));
    }

    @Test
    void everyCallCarriesTheTracesRequestId() {
        String trace = "saga-" + UUID.randomUUID() + "/boot";
        String requestId = RequestIds.fromTraceId(trace);
        String ultronId = Servers.newUltronId();

        String portId = join(compute.createPort(id(ROOMY),
                Servers.port(ultronId, subnets.get(ROOMY), Servers.newFixedIp()), trace));
        join(compute.bootServer(id(ROOMY), Servers.boot(ultronId, portId), trace));
        join(compute.serverStatus(id(ROOMY), ultronId, trace));

        assertThat(openStack.sim.admin().requests(requestId)).extracting(RequestRecord::service)
                .containsExactly("network", "network", "compute", "compute", "compute");
        assertThat(openStack.serviceRequests(ROOMY)).allMatch(r -> requestId.equals(r.globalRequestId()));
    }

    @Test
    void aFixedAddressAnotherPortHoldsFailsForGoodAsAddressInUse() {
        String ip = Servers.newFixedIp();
        join(compute.createPort(id(ROOMY), Servers.port(Servers.newUltronId(), subnets.get(ROOMY), ip), trace()));

        Throwable failure = catchThrowable(() -> join(compute.createPort(id(ROOMY),
                Servers.port(Servers.newUltronId(), subnets.get(ROOMY), ip), trace())));

        assertThat(failure).isInstanceOf(CompletionException.class).cause()
                .isInstanceOfSatisfying(OpenStackCallException.class, e -> {
                    assertThat(e.reason()).isEqualTo(OpenStackCallException.Reason.ADDRESS_IN_USE);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.status()).hasValue(409);
                });
        assertThat(openStack.serviceRequests(ROOMY)).filteredOn(r -> r.status() == 409).hasSize(1);
    }

    @Test
    void thePortNamedAfterTheServerWithAnotherAddressIsAConflict() {
        String ultronId = Servers.newUltronId();
        join(compute.createPort(id(ROOMY), Servers.port(ultronId, subnets.get(ROOMY), Servers.newFixedIp()), trace()));

        Throwable failure = catchThrowable(() -> join(compute.createPort(id(ROOMY),
                Servers.port(ultronId, subnets.get(ROOMY), Servers.newFixedIp()), trace())));

        assertThat(failure).cause().isInstanceOfSatisfying(OpenStackCallException.class, e -> {
            assertThat(e.reason()).isEqualTo(OpenStackCallException.Reason.CONFLICT);
            assertThat(e.retryable()).isFalse();
        });
    }

    @Test
    void stopsStartsAndRebootsTheServerNamedAfterTheUltronServer() {
        String ultronId = activeServer(ROOMY);
        String serverId = serverNamed(ROOMY, "ultron-" + ultronId).orElseThrow().id();

        join(compute.stopServer(id(ROOMY), ultronId, trace()));
        assertThat(status(ROOMY, ultronId).orElseThrow().status()).isEqualTo("SHUTOFF");
        join(compute.startServer(id(ROOMY), ultronId, trace()));
        assertThat(status(ROOMY, ultronId).orElseThrow().status()).isEqualTo("ACTIVE");
        join(compute.rebootServer(id(ROOMY), ultronId, trace()));
        assertThat(status(ROOMY, ultronId).orElseThrow().status()).isEqualTo("REBOOT");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> status(ROOMY, ultronId).orElseThrow(), ServerState::active);

        assertThat(openStack.serviceRequests(ROOMY)).filteredOn(r -> r.method().equals("POST")
                        && r.path().endsWith("/servers/" + serverId + "/action"))
                .extracting(RequestRecord::status).containsExactly(202, 202, 202);
    }

    @Test
    void stoppingAStoppedServerOrStartingARunningOneAsksNovaForNothing() {
        String ultronId = activeServer(ROOMY);
        join(compute.stopServer(id(ROOMY), ultronId, trace()));
        openStack.sim.admin().clearRequests();

        join(compute.stopServer(id(ROOMY), ultronId, trace()));
        join(compute.startServer(id(ROOMY), ultronId, trace()));
        join(compute.startServer(id(ROOMY), ultronId, trace()));

        assertThat(openStack.serviceRequests(ROOMY)).filteredOn(r -> r.path().endsWith("/action"))
                .hasSize(1);
        assertThat(status(ROOMY, ultronId).orElseThrow().status()).isEqualTo("ACTIVE");
    }

    @Test
    void aPowerActionOnAServerNovaDoesNotHoldIsRejected() {
        Throwable failure = catchThrowable(() -> join(compute.stopServer(id(ROOMY), Servers.newUltronId(), trace())));

        assertThat(failure).cause().isInstanceOfSatisfying(OpenStackCallException.class, e -> {
            assertThat(e.reason()).isEqualTo(OpenStackCallException.Reason.REJECTED);
            assertThat(e.retryable()).isFalse();
        });
    }

    @Test
    void aRebootNovaRefusesInTheServersStateIsRejected() {
        String ultronId = activeServer(ROOMY);
        join(compute.stopServer(id(ROOMY), ultronId, trace()));

        Throwable failure = catchThrowable(() -> join(compute.rebootServer(id(ROOMY), ultronId, trace())));

        assertThat(failure).cause().isInstanceOfSatisfying(OpenStackCallException.class, e -> {
            assertThat(e.reason()).isEqualTo(OpenStackCallException.Reason.REJECTED);
            assertThat(e.status()).hasValue(409);
        });
    }

    @Test
    void bootsFromAVolumeOfTheDiskSizeMadeFromTheImageAndDeletedWithTheServer() {
        String ultronId = Servers.newUltronId();
        String portId = join(compute.createPort(id(ROOMY),
                Servers.port(ultronId, subnets.get(ROOMY), Servers.newFixedIp()), trace()));

        join(compute.bootServer(id(ROOMY), Servers.bootFromVolume(ultronId, portId, 40), trace()));

        ServerView server = serverNamed(ROOMY, "ultron-" + ultronId).orElseThrow();
        assertThat(server.volumeIds()).singleElement().satisfies(volumeId ->
                assertThat(openStack.sim.admin().volumes(ROOMY)).filteredOn(v -> v.id().equals(volumeId))
                        .singleElement().satisfies(volume -> {
                            assertThat(volume.sizeGb()).isEqualTo(40);
                            assertThat(volume.status()).isEqualTo("in-use");
                            assertThat(volume.attachedServerId()).isEqualTo(server.id());
                        }));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> status(ROOMY, ultronId).orElseThrow(), ServerState::active);

        join(compute.deleteServer(id(ROOMY), ultronId, trace()));

        assertThat(openStack.sim.admin().volumes(ROOMY)).noneMatch(v -> server.volumeIds().contains(v.id()));
    }

    @Test
    void givesThePortTheProjectsSecurityGroupsByNameBeforeBooting() {
        String groupName = "web-" + UUID.randomUUID().toString().substring(0, 8);
        String groupId = createSecurityGroup(ROOMY, groupName);
        String ultronId = Servers.newUltronId();
        String portId = join(compute.createPort(id(ROOMY),
                Servers.port(ultronId, subnets.get(ROOMY), Servers.newFixedIp()), trace()));

        join(compute.bootServer(id(ROOMY), Servers.bootWithSecurityGroups(ultronId, portId, List.of(groupName)),
                trace()));

        assertThat(openStack.sim.admin().ports(ROOMY)).filteredOn(p -> p.id().equals(portId)).singleElement()
                .satisfies(port -> assertThat(port.securityGroupIds()).containsExactly(groupId));
    }

    @Test
    void anUnknownSecurityGroupIsRejectedAndNoServerIsBooted() {
        String ultronId = Servers.newUltronId();
        String portId = join(compute.createPort(id(ROOMY),
                Servers.port(ultronId, subnets.get(ROOMY), Servers.newFixedIp()), trace()));

        Throwable failure = catchThrowable(() -> join(compute.bootServer(id(ROOMY),
                Servers.bootWithSecurityGroups(ultronId, portId, List.of("no-such-group")), trace())));

        assertThat(failure).cause().isInstanceOfSatisfying(OpenStackCallException.class, e -> {
            assertThat(e.reason()).isEqualTo(OpenStackCallException.Reason.REJECTED);
            assertThat(e.getMessage()).contains("no-such-group");
        });
        assertThat(serverNamed(ROOMY, "ultron-" + ultronId)).isEmpty();
    }

    @Test
    void repairPortMakesADeletedPortAgainWithTheSameAddressAndPlugsItIntoTheServerOnce() {
        String ultronId = Servers.newUltronId();
        String ip = Servers.newFixedIp();
        String oldPort = join(compute.createPort(id(ROOMY), Servers.port(ultronId, subnets.get(ROOMY), ip), trace()));
        join(compute.bootServer(id(ROOMY), Servers.boot(ultronId, oldPort), trace()));
        await().atMost(WAIT).until(() -> status(ROOMY, ultronId).orElseThrow(), ServerState::active);
        String novaId = serverNamed(ROOMY, "ultron-" + ultronId).orElseThrow().id();
        openStack.sim.admin().deletePort(ROOMY, oldPort);

        String portId = join(compute.repairPort(id(ROOMY),
                new OpenStackCompute.RepairPort(ultronId, "sn-compute", ip, novaId, true), trace()));

        assertThat(portId).isNotEqualTo(oldPort);
        assertThat(portNamed(ROOMY, "ultron-" + ultronId)).satisfies(port -> {
            assertThat(port.id()).isEqualTo(portId);
            assertThat(port.fixedIps()).containsExactly(ip);
            assertThat(port.deviceId()).isEqualTo(novaId);
        });
        assertThat(openStack.sim.admin().server(ROOMY, novaId).portIds()).containsExactly(portId);
        // again: the port is as made and plugged in, nothing is created or attached
        String again = trace();
        assertThat(join(compute.repairPort(id(ROOMY), new OpenStackCompute.RepairPort(ultronId, "sn-compute", ip, novaId, true),
                again))).isEqualTo(portId);
        assertThat(openStack.sim.admin().requests(RequestIds.fromTraceId(again))).isNotEmpty()
                .noneMatch(request -> request.method().equals("POST"));
    }

    @Test
    void repairPortReplacesTheNamedPortHoldingAnotherAddressAndLeavesAServerInErrorUnplugged() {
        String ultronId = Servers.newUltronId();
        String ip = Servers.newFixedIp();
        String wrong = join(compute.createPort(id(ROOMY), Servers.port(ultronId, subnets.get(ROOMY), Servers.newFixedIp()),
                trace()));
        String repairTrace = trace();

        String portId = join(compute.repairPort(id(ROOMY),
                new OpenStackCompute.RepairPort(ultronId, "sn-compute", ip, "nova-in-error", false), repairTrace));

        assertThat(portId).isNotEqualTo(wrong);
        assertThat(openStack.sim.admin().ports(ROOMY)).noneMatch(port -> port.id().equals(wrong));
        assertThat(portNamed(ROOMY, "ultron-" + ultronId)).satisfies(port -> {
            assertThat(port.fixedIps()).containsExactly(ip);
            assertThat(port.deviceId()).isEmpty();
        });
        assertThat(openStack.sim.admin().requests(RequestIds.fromTraceId(repairTrace))).isNotEmpty()
                .noneMatch(request -> request.service().equals("compute"));
    }

    private static io.ultron.sim.network.PortView portNamed(String cluster, String name) {
        return openStack.sim.admin().ports(cluster).stream().filter(port -> port.name().equals(name)).findFirst()
                .orElseThrow();
    }

    /** A server booted on a port of its own, once Nova says it is ACTIVE. */
    private String activeServer(String cluster) {
        String ultronId = Servers.newUltronId();
        String portId = join(compute.createPort(id(cluster),
                Servers.port(ultronId, subnets.get(cluster), Servers.newFixedIp()), trace()));
        join(compute.bootServer(id(cluster), Servers.boot(ultronId, portId), trace()));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> status(cluster, ultronId).orElseThrow(), ServerState::active);
        return ultronId;
    }

    /** Made with OpenStack4j's own client, as an operator would: the adapter only looks groups up. */
    private static String createSecurityGroup(String cluster, String name) {
        Credentials c = openStack.sim.credentials(cluster);
        OSClient.OSClientV3 admin = OSFactory.builderV3().endpoint(c.keystoneUrl())
                .credentials(c.username(), c.password(), Identifier.byName(c.userDomain()))
                .scopeToProject(Identifier.byName(c.projectName()), Identifier.byName(c.projectDomain()))
                .authenticate();
        return admin.networking().securitygroup()
                .create(Builders.securityGroup().name(name).description("test").build()).getId();
    }

    private Optional<ServerState> status(String cluster, String ultronId) {
        return join(compute.serverStatus(id(cluster), ultronId, trace()));
    }

    private static List<RequestRecord> computeCalls(String requestId) {
        return openStack.sim.admin().requests(requestId).stream().filter(r -> r.service().equals("compute")).toList();
    }

    private static Optional<ServerView> serverNamed(String cluster, String name) {
        return openStack.sim.admin().servers(cluster).stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static ClusterId id(String cluster) {
        return ClusterId.of(cluster);
    }

    private static <T> T join(CompletableFuture<T> future) {
        return future.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    private static String trace() {
        return UUID.randomUUID().toString();
    }
}
