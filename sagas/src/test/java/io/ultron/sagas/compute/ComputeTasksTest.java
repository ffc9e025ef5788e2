package io.ultron.sagas.compute;

import io.ultron.sagas.OutcomeReports;
import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.AllocateServerAddressCommand;
import io.ultron.api.compute.BootNovaServerCommand;
import io.ultron.api.compute.CheckServerBuildCommand;
import io.ultron.api.compute.CleanUpServerCommand;
import io.ultron.api.compute.PowerAction;
import io.ultron.api.compute.PowerNovaServerCommand;
import io.ultron.api.compute.PrepareServerNetworkCommand;
import io.ultron.api.compute.RecordPowerActionCompletedCommand;
import io.ultron.api.compute.RecordPowerActionFailedCommand;
import io.ultron.api.compute.RecordServerActiveCommand;
import io.ultron.api.compute.RecordServerBuildingCommand;
import io.ultron.api.compute.RecordServerCleanUpFailedCommand;
import io.ultron.api.compute.RecordServerCompensatedCommand;
import io.ultron.api.compute.RecordServerDeletedCommand;
import io.ultron.api.compute.RecordServerNetworkReadyCommand;
import io.ultron.api.compute.RecordServerProvisioningFailedCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerSpec;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.network.IpAllocationOutcome;
import io.ultron.api.network.ReleaseIpCommand;
import io.ultron.api.network.SubnetId;
import io.ultron.sagas.openstack.OpenStackCompute;
import io.ultron.sagas.openstack.OpenStackNetworks.NeutronSubnet;
import io.ultron.sagas.openstack.Servers;
import io.ultron.sagas.openstack.SimulatedOpenStack;
import io.ultron.sagas.openstack.Subnets;
import io.ultron.sim.SimulatorConfig;
import io.ultron.sim.compute.ServerView;
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.ultron.sagas.compute.ServerMother.OTHER_SUBNET;
import static io.ultron.sagas.compute.ServerMother.SUBNET;
import static io.ultron.sagas.compute.ServerMother.VPC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The task handler over real HTTP to the simulator, wired to a real Axon command bus. The VPC's address commands
 * are answered by scripted handlers (the VPC aggregate is tested on the command side); every result command the
 * tasks send is captured.
 */
class ComputeTasksTest {

    private static final String CLUSTER = "cluster-1";
    private static final ClusterId CLUSTER_ID = ClusterId.of(CLUSTER);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final MetaData TRACE = MetaData.with("traceId", "trace-tasks").and("actor", "alice")
            .and("correlationId", "corr-1");

    private static SimulatedOpenStack openStack;
    private static NeutronSubnet neutron;
    private static OpenStackCompute compute;
    private StepLeases leases;

    private SimpleCommandBus bus;
    private CommandGateway commands;
    private ComputeTasks tasks;
    /** What the VPC answers to the next AllocateServerAddressCommand (an outcome, or an exception to throw). */
    private final Queue<Object> allocationAnswers = new ConcurrentLinkedQueue<>();
    private final List<AllocateServerAddressCommand> allocations = new CopyOnWriteArrayList<>();
    private final List<String> allocationThreads = new CopyOnWriteArrayList<>();
    private final List<ReleaseIpCommand> releases = new CopyOnWriteArrayList<>();
    private Function<ReleaseIpCommand, RuntimeException> releaseRefusal = release -> null;
    private final List<CommandMessage<?>> recorded = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startSimulator() {
        openStack = SimulatedOpenStack.start(SimulatorConfig.builder()
                .clusters(1)
                .bootTime(Duration.ofMillis(300), Duration.ofMillis(500))
                .build());
        SimulatedOpenStack.Node node = openStack.node(SimulatedOpenStack.fastProperties(), 8);
        neutron = node.networks().ensureSubnet(CLUSTER_ID, Subnets.slash22("sn-tasks"), "setup")
                .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        compute = node.compute();
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        openStack.close();
    }

    @BeforeEach
    void wire() {
        wire(Duration.ofSeconds(10));
    }

    @AfterEach
    void stopTasks() {
        tasks.stop();
        leases.stop();
    }

    /** A fresh command bus with the tasks, the scripted VPC and the result capture on it. */
    private void wire(Duration addressPendingTimeout) {
        if (tasks != null) {
            tasks.stop();
            leases.stop();
        }
        bus = SimpleCommandBus.builder().build();
        commands = DefaultCommandGateway.builder().commandBus(bus).build();
        ComputeSettings settings = new ComputeSettings(Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofMinutes(10), Duration.ofMinutes(2), addressPendingTimeout, Duration.ofMillis(200));
        leases = new StepLeases(openStack.redis(), openStack.redisPrefix(), "tasks-test", Duration.ofSeconds(6), settings);
        tasks = new ComputeTasks(compute, commands, settings, new OutcomeReports(commands, 3), leases);
        new AnnotationCommandHandlerAdapter<>(tasks).subscribe(bus);
        bus.subscribe(AllocateServerAddressCommand.class.getName(), message -> {
            allocations.add((AllocateServerAddressCommand) message.getPayload());
            allocationThreads.add(Thread.currentThread().getName());
            Object answer = allocationAnswers.isEmpty() ? new IpAllocationOutcome.Pending("no answer scripted")
                    : allocationAnswers.poll();
            if (answer instanceof RuntimeException refusal) {
                throw refusal;
            }
            return answer;
        });
        bus.subscribe(ReleaseIpCommand.class.getName(), message -> {
            ReleaseIpCommand release = (ReleaseIpCommand) message.getPayload();
            releases.add(release);
            RuntimeException refusal = releaseRefusal.apply(release);
            if (refusal != null) {
                throw refusal;
            }
            return null;
        });
        for (Class<?> result : List.of(RecordServerNetworkReadyCommand.class, RecordServerBuildingCommand.class,
                RecordServerActiveCommand.class, RecordServerProvisioningFailedCommand.class,
                RecordServerCompensatedCommand.class, RecordServerDeletedCommand.class,
                RecordServerCleanUpFailedCommand.class, RecordPowerActionCompletedCommand.class,
                RecordPowerActionFailedCommand.class)) {
            bus.subscribe(result.getName(), message -> {
                recorded.add(message);
                return null;
            });
        }
    }

    // ---- network

    @Test
    void preparingTheNetworkCreatesThePortWithTheAllocatedFixedAddressInTheClustersNeutronSubnet() {
        ServerId server = newServer();
        String ip = Servers.newFixedIp();
        allocationAnswers.add(allocated(ip, SUBNET));

        send(prepare(server));

        RecordServerNetworkReadyCommand ready = awaitRecorded(RecordServerNetworkReadyCommand.class);
        assertThat(ready.serverId()).isEqualTo(server);
        assertThat(ready.attempt()).isEqualTo(1);
        assertThat(ready.subnetId()).isEqualTo(SUBNET);
        assertThat(ready.address()).isEqualTo(ip);
        assertThat(openStack.sim.admin().ports(CLUSTER)).filteredOn(p -> p.id().equals(ready.portId())).singleElement()
                .satisfies(port -> {
                    assertThat(port.name()).isEqualTo("ultron-" + server.value());
                    assertThat(port.networkId()).isEqualTo(neutron.networkId());
                    assertThat(port.fixedIps()).containsExactly(ip);
                });
        assertThat(allocations).containsExactly(new AllocateServerAddressCommand(VPC, SUBNET, CLUSTER_ID, server));
        assertThat(allocationThreads).allMatch(thread -> thread.startsWith("server-address-"));
    }

    @Test
    void theResultCarriesTheTaskTraceAndNothingElseOfItsMetadata() {
        allocationAnswers.add(allocated(Servers.newFixedIp(), SUBNET));

        commands.send(GenericCommandMessage.asCommandMessage(prepare(newServer())).andMetaData(TRACE.and("other", "x")));

        awaitRecorded(RecordServerNetworkReadyCommand.class);
        assertThat(recorded.get(0).getMetaData()).isEqualTo(TRACE);
    }

    @Test
    void anAddressStillPendingIsAskedForAgainUntilItIsThere() {
        ServerId server = newServer();
        String ip = Servers.newFixedIp();
        allocationAnswers.add(new IpAllocationOutcome.Pending("slices on their way"));
        allocationAnswers.add(new IpAllocationOutcome.Pending("slices on their way"));
        allocationAnswers.add(allocated(ip, SUBNET));

        send(prepare(server));

        assertThat(awaitRecorded(RecordServerNetworkReadyCommand.class).address()).isEqualTo(ip);
        assertThat(allocations).hasSize(3);
    }

    @Test
    void anAddressPendingBeyondTheTimeoutFailsTheStepForGood() {
        wire(Duration.ofMillis(600));

        send(prepare(newServer()));

        RecordServerProvisioningFailedCommand failed = awaitRecorded(RecordServerProvisioningFailedCommand.class);
        assertThat(failed.step()).isEqualTo(ComputeTasks.STEP_ADDRESS);
        assertThat(failed.reschedulable()).isFalse();
        assertThat(failed.reason()).startsWith("no address within PT0.6S").contains("no answer scripted");
        assertThat(allocations).hasSizeGreaterThan(1);
    }

    @Test
    void aRefusedAddressFailsTheStepForGoodWithTheRefusal() {
        allocationAnswers.add(new DomainException(ErrorKind.RULE_VIOLATION, "vpc-exhausted", "the VPC has no free address"));

        send(prepare(newServer()));

        RecordServerProvisioningFailedCommand failed = awaitRecorded(RecordServerProvisioningFailedCommand.class);
        assertThat(failed.step()).isEqualTo(ComputeTasks.STEP_ADDRESS);
        assertThat(failed.reason()).isEqualTo("the VPC has no free address");
        assertThat(failed.reschedulable()).isFalse();
    }

    @Test
    void anAddressAnotherPortHoldsInNeutronFailsThePortStepForGood() {
        String ip = Servers.newFixedIp();
        compute.createPort(CLUSTER_ID, new OpenStackCompute.CreatePort(Servers.newUltronId(), neutron.networkId(),
                neutron.subnetId(), ip), "setup").join();
        allocationAnswers.add(allocated(ip, SUBNET));

        send(prepare(newServer()));

        RecordServerProvisioningFailedCommand failed = awaitRecorded(RecordServerProvisioningFailedCommand.class);
        assertThat(failed.step()).isEqualTo(ComputeTasks.STEP_PORT);
        assertThat(failed.reschedulable()).isFalse();
        assertThat(failed.reason()).contains("ADDRESS_IN_USE");
    }

    // ---- boot and build

    @Test
    void aBootedServerIsReportedBuildingThenActiveWithItsHostAndAddress() {
        ServerId server = newServer();
        String ip = Servers.newFixedIp();
        String portId = port(server, ip);

        send(new BootNovaServerCommand(server, 1, CLUSTER_ID, spec(Capability.CLOUD_DISK), Servers.MEDIUM, portId));

        RecordServerBuildingCommand building = awaitRecorded(RecordServerBuildingCommand.class);
        RecordServerActiveCommand active = checkUntil(server, RecordServerActiveCommand.class);
        assertThat(active.host()).isNotBlank();
        assertThat(active.address()).isEqualTo(ip);
        ServerView nova = novaServer(server);
        assertThat(nova.id()).isEqualTo(building.novaServerId());
        assertThat(nova.metadata()).containsEntry(ComputeTasks.TENANT_METADATA, "tenant-a")
                .containsEntry(ComputeTasks.VPC_METADATA, VPC.value())
                .containsEntry(ComputeTasks.PREEMPTIBLE_METADATA, "true")
                .containsEntry("ultron_name", "web-1");
        assertThat(nova.volumeIds()).singleElement().satisfies(volumeId ->
                assertThat(openStack.sim.admin().volumes(CLUSTER)).filteredOn(v -> v.id().equals(volumeId))
                        .singleElement().satisfies(volume -> assertThat(volume.sizeGb()).isEqualTo(30)));
    }

    @Test
    void oneCheckWhileBuildingIsEnoughTheWatcherReportsTheEndOnce() {
        ServerId server = newServer();
        openStack.sim.admin().configure(CLUSTER, settings -> settings.bootTime(3_000, 3_000));
        try {
            send(new BootNovaServerCommand(server, 1, CLUSTER_ID, spec(Capability.LOCAL_DISK), Servers.MEDIUM,
                    port(server, Servers.newFixedIp())));
            awaitRecorded(RecordServerBuildingCommand.class);
        } finally {
            openStack.sim.admin().configure(CLUSTER, settings -> settings.bootTime(300, 500));
        }
        send(new CheckServerBuildCommand(server, 1, CLUSTER_ID));
        assertThat(novaServer(server).status()).as("still building after the check").isEqualTo("BUILD");
        assertThat(recorded(RecordServerActiveCommand.class)).isEmpty();

        RecordServerActiveCommand active = awaitRecorded(RecordServerActiveCommand.class);
        assertThat(active.attempt()).isEqualTo(1);
        assertThat(active.host()).isEqualTo(novaServer(server).host());
        await().atMost(WAIT).until(() -> tasks.watchedBuilds() == 0);
        assertThat(recorded(RecordServerActiveCommand.class)).as("reported once").hasSize(1);
    }

    @Test
    void aServerOnTheHypervisorsDiskGetsNoVolume() {
        ServerId server = newServer();

        send(new BootNovaServerCommand(server, 1, CLUSTER_ID, spec(Capability.LOCAL_DISK), Servers.MEDIUM,
                port(server, Servers.newFixedIp())));

        awaitRecorded(RecordServerBuildingCommand.class);
        assertThat(novaServer(server).volumeIds()).isEmpty();
    }

    @Test
    void aBuildNoHostTakesIsAReschedulableFailureWithNovasFault() {
        ServerId server = newServer();
        String portId = port(server, Servers.newFixedIp());
        openStack.sim.admin().failNextBuilds(CLUSTER, 1);

        send(new BootNovaServerCommand(server, 1, CLUSTER_ID, spec(Capability.LOCAL_DISK), Servers.MEDIUM, portId));
        awaitRecorded(RecordServerBuildingCommand.class);

        RecordServerProvisioningFailedCommand failed = checkUntil(server, RecordServerProvisioningFailedCommand.class);
        assertThat(failed.step()).isEqualTo(ComputeTasks.STEP_BUILD);
        assertThat(failed.reason()).startsWith("No valid host was found");
        assertThat(failed.reschedulable()).isTrue();
    }

    @Test
    void aServerNovaDoesNotHoldIsAReschedulableFailure() {
        ServerId server = newServer();

        send(new CheckServerBuildCommand(server, 1, CLUSTER_ID));
        assertThat(recorded(RecordServerProvisioningFailedCommand.class)).as("the first check only watches").isEmpty();
        send(new CheckServerBuildCommand(server, 1, CLUSTER_ID));

        RecordServerProvisioningFailedCommand failed = awaitRecorded(RecordServerProvisioningFailedCommand.class);
        assertThat(failed.step()).isEqualTo(ComputeTasks.STEP_BUILD);
        assertThat(failed.reschedulable()).isTrue();
    }

    // ---- clean-up

    @Test
    void aCleanUpReleasesTheAddressEvenWhenServerAndPortAreAlreadyGone() {
        ServerId server = newServer();
        String ip = Servers.newFixedIp();

        send(new CleanUpServerCommand(server, 1, CLUSTER_ID, VPC, SUBNET, ip, false));

        assertThat(awaitRecorded(RecordServerCompensatedCommand.class))
                .isEqualTo(new RecordServerCompensatedCommand(server, 1));
        assertThat(releases).containsExactly(new ReleaseIpCommand(VPC, SUBNET, ip, server.value()));
    }

    @Test
    void deletingRemovesServerPortAndAddress() {
        ServerId server = newServer();
        String ip = Servers.newFixedIp();
        String portId = port(server, ip);
        send(new BootNovaServerCommand(server, 1, CLUSTER_ID, spec(Capability.CLOUD_DISK), Servers.MEDIUM, portId));
        awaitRecorded(RecordServerBuildingCommand.class);
        List<String> volumes = novaServer(server).volumeIds();

        send(new CleanUpServerCommand(server, 0, CLUSTER_ID, VPC, SUBNET, ip, true));

        assertThat(awaitRecorded(RecordServerDeletedCommand.class)).isEqualTo(new RecordServerDeletedCommand(server));
        assertThat(openStack.sim.admin().servers(CLUSTER)).noneMatch(s -> s.name().equals("ultron-" + server.value()));
        assertThat(openStack.sim.admin().ports(CLUSTER)).noneMatch(p -> p.id().equals(portId));
        assertThat(openStack.sim.admin().volumes(CLUSTER)).noneMatch(v -> volumes.contains(v.id()));
        assertThat(releases).containsExactly(new ReleaseIpCommand(VPC, SUBNET, ip, server.value()));
    }

    @Test
    void aCompensationWhosePortDeleteIsAnswered404LooksThePortUpAgainAndLeavesNothing() {
        ServerId server = newServer();
        String ip = Servers.newFixedIp();
        String portId = port(server, ip);
        openStack.sim.admin().loseNextDeletes(CLUSTER, 1);

        send(new CleanUpServerCommand(server, 1, CLUSTER_ID, VPC, SUBNET, ip, false));

        assertThat(awaitRecorded(RecordServerCompensatedCommand.class)).isEqualTo(new RecordServerCompensatedCommand(server, 1));
        assertThat(openStack.sim.admin().ports(CLUSTER)).noneMatch(p -> p.id().equals(portId));
        assertThat(openStack.sim.admin().requests(null, CLUSTER, 50)).extracting(r -> r.outcome())
                .contains("injected-lost-delete");
    }

    @Test
    void anAddressReleasedAlreadyStillCompletesTheCleanUp() {
        releaseRefusal = release -> new DomainException(ErrorKind.CONFLICT, "address-not-held", "not allocated");
        ServerId server = newServer();

        send(new CleanUpServerCommand(server, 1, CLUSTER_ID, VPC, SUBNET, Servers.newFixedIp(), false));

        assertThat(awaitRecorded(RecordServerCompensatedCommand.class).serverId()).isEqualTo(server);
    }

    @Test
    void aReleaseThatFailsIsReportedAsAFailedCleanUp() {
        releaseRefusal = release -> new IllegalStateException("database unavailable");
        ServerId server = newServer();

        send(new CleanUpServerCommand(server, 1, CLUSTER_ID, VPC, SUBNET, Servers.newFixedIp(), false));

        RecordServerCleanUpFailedCommand failed = awaitRecorded(RecordServerCleanUpFailedCommand.class);
        assertThat(failed.serverId()).isEqualTo(server);
        assertThat(failed.attempt()).isEqualTo(1);
        assertThat(failed.reason()).isEqualTo("database unavailable");
    }

    @Test
    void aCleanUpWithASubnetButNoAddressReleasesTheAddressTheServerStillHolds() {
        ServerId server = newServer();
        String ip = Servers.newFixedIp();
        allocationAnswers.add(allocated(ip, OTHER_SUBNET));

        send(new CleanUpServerCommand(server, 1, CLUSTER_ID, VPC, SUBNET, null, false));

        awaitRecorded(RecordServerCompensatedCommand.class);
        assertThat(allocations).containsExactly(new AllocateServerAddressCommand(VPC, SUBNET, CLUSTER_ID, server));
        assertThat(releases).containsExactly(new ReleaseIpCommand(VPC, OTHER_SUBNET, ip, server.value()));
    }

    @Test
    void aCleanUpWithNeitherSubnetNorAddressReleasesNothing() {
        ServerId server = newServer();

        send(new CleanUpServerCommand(server, 1, CLUSTER_ID, VPC, null, null, false));

        awaitRecorded(RecordServerCompensatedCommand.class);
        assertThat(allocations).isEmpty();
        assertThat(releases).isEmpty();
    }

    // ---- power

    @Test
    void aStopIsReportedCompletedOnceNovaTookIt() {
        ServerId server = newServer();
        send(new BootNovaServerCommand(server, 1, CLUSTER_ID, spec(Capability.LOCAL_DISK), Servers.MEDIUM,
                port(server, Servers.newFixedIp())));
        checkUntil(server, RecordServerActiveCommand.class);

        send(new PowerNovaServerCommand(server, CLUSTER_ID, PowerAction.STOP));

        assertThat(awaitRecorded(RecordPowerActionCompletedCommand.class))
                .isEqualTo(new RecordPowerActionCompletedCommand(server, PowerAction.STOP));
        assertThat(novaServer(server).status()).isEqualTo("SHUTOFF");
    }

    @Test
    void anActionOnAServerNovaDoesNotHoldIsReportedFailed() {
        ServerId server = newServer();

        send(new PowerNovaServerCommand(server, CLUSTER_ID, PowerAction.REBOOT));

        RecordPowerActionFailedCommand failed = awaitRecorded(RecordPowerActionFailedCommand.class);
        assertThat(failed.action()).isEqualTo(PowerAction.REBOOT);
        assertThat(failed.reason()).contains("Nova holds no server");
    }

    // ---- helpers

    private static ServerId newServer() {
        return ServerId.of(Servers.newUltronId());
    }

    private static PrepareServerNetworkCommand prepare(ServerId server) {
        return new PrepareServerNetworkCommand(server, 1, VPC, SUBNET, CLUSTER_ID);
    }

    private static IpAllocationOutcome.Allocated allocated(String ip, SubnetId subnet) {
        return new IpAllocationOutcome.Allocated(ip, subnet, CLUSTER, neutron.networkId(), neutron.subnetId());
    }

    private static ServerSpec spec(Capability bootDisk) {
        return new ServerSpec("tenant-a", "web-1", VPC, "idc-1", "m1.medium", Servers.CIRROS, bootDisk, 30,
                List.of("default"), true);
    }

    private static String port(ServerId server, String ip) {
        return compute.createPort(CLUSTER_ID, new OpenStackCompute.CreatePort(server.value(), neutron.networkId(),
                neutron.subnetId(), ip), "setup").orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    private static ServerView novaServer(ServerId server) {
        return openStack.sim.admin().servers(CLUSTER).stream()
                .filter(s -> s.name().equals("ultron-" + server.value())).findFirst().orElseThrow();
    }

    /** Sends as a saga would: the handler must return at once, its outcome arrives later. */
    private void send(Object task) {
        commands.send(GenericCommandMessage.asCommandMessage(task).andMetaData(TRACE))
                .orTimeout(1, TimeUnit.SECONDS).join();
    }

    private <T> T awaitRecorded(Class<T> type) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> recorded(type), found -> !found.isEmpty()).get(0);
    }

    /** Checks the build as the saga's deadline does, until the check reports {@code type}. */
    private <T> T checkUntil(ServerId server, Class<T> type) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            send(new CheckServerBuildCommand(server, 1, CLUSTER_ID));
            return recorded(type);
        }, found -> !found.isEmpty()).get(0);
    }

    private <T> List<T> recorded(Class<T> type) {
        return recorded.stream().map(CommandMessage::getPayload).filter(type::isInstance).map(type::cast).toList();
    }
}
