package io.ultron.sagas.compute;

import io.ultron.sagas.OutcomeReports;
import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.AllocateServerAddressCommand;
import io.ultron.api.compute.CheckServerBuildCommand;
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
import io.ultron.api.network.IpAllocationOutcome;
import io.ultron.api.network.ReleaseIpCommand;
import io.ultron.api.network.ReleaseServerAddressCommand;
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

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.ultron.sagas.compute.ServerMother.SUBNET;
import static io.ultron.sagas.compute.ServerMother.VPC;
import static org.awaitility.Awaitility.await;

/**
 * The server task handlers over real HTTP to the simulator, wired to a real Axon command bus. The VPC's address commands
 * are answered by scripted handlers (the VPC aggregate is tested on the command side); every result command the
 * tasks send is captured. One subclass per handler.
 */
abstract class ServerTasksTestBase {

    static final String CLUSTER = "cluster-1";
    static final ClusterId CLUSTER_ID = ClusterId.of(CLUSTER);
    static final Duration WAIT = Duration.ofSeconds(20);
    static final MetaData TRACE = MetaData.with("traceId", "trace-tasks").and("actor", "alice")
            .and("correlationId", "corr-1");

    static SimulatedOpenStack openStack;
    static NeutronSubnet neutron;
    static OpenStackCompute compute;
    StepLeases leases;

    SimpleCommandBus bus;
    CommandGateway commands;
    AddressCommands addresses;
    ServerTaskReports reports;
    ServerNetworkTasks networkTasks;
    ServerBuildTasks buildTasks;
    ServerCleanUpTasks cleanUpTasks;
    ServerPowerTasks powerTasks;
    final List<ReleaseServerAddressCommand> ownerReleases = new CopyOnWriteArrayList<>();
    /** The network step's retries asked for, in order. */
    final List<Retry> retries = new CopyOnWriteArrayList<>();

    record Retry(PendingNetwork pending, Duration delay) {
    }
    /** What the VPC answers to the next AllocateServerAddressCommand (an outcome, or an exception to throw). */
    final Queue<Object> allocationAnswers = new ConcurrentLinkedQueue<>();
    final List<AllocateServerAddressCommand> allocations = new CopyOnWriteArrayList<>();
    final List<String> allocationThreads = new CopyOnWriteArrayList<>();
    final List<ReleaseIpCommand> releases = new CopyOnWriteArrayList<>();
    Function<ReleaseIpCommand, RuntimeException> releaseRefusal = release -> null;
    final List<CommandMessage<?>> recorded = new CopyOnWriteArrayList<>();

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
        stop();
    }

    private void stop() {
        buildTasks.stop();
        addresses.stop();
        leases.stop();
    }

    /** A fresh command bus with the tasks, the scripted VPC and the result capture on it. */
    void wire(Duration addressPendingTimeout) {
        if (buildTasks != null) {
            stop();
        }
        bus = SimpleCommandBus.builder().build();
        commands = DefaultCommandGateway.builder().commandBus(bus).build();
        ComputeSettings settings = new ComputeSettings(Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofMinutes(10), Duration.ofMinutes(2), addressPendingTimeout, Duration.ofMillis(200));
        leases = new StepLeases(openStack.redis(), openStack.redisPrefix(), "tasks-test", Duration.ofSeconds(6), settings);
        addresses = new AddressCommands(commands);
        reports = new ServerTaskReports(new OutcomeReports(commands, 3));
        // retries as db-scheduler would run them, without its table (the stored retries are tested in the app's ITs)
        NetworkRetries runLater = (pending, delay) -> {
            retries.add(new Retry(pending, delay));
            CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(() -> networkTasks.retry(pending));
        };
        networkTasks = new ServerNetworkTasks(compute, addresses, reports, settings, leases, runLater);
        buildTasks = new ServerBuildTasks(compute, reports, settings, leases);
        cleanUpTasks = new ServerCleanUpTasks(compute, addresses, reports, leases);
        powerTasks = new ServerPowerTasks(compute, reports);
        for (Object tasks : List.of(networkTasks, buildTasks, cleanUpTasks, powerTasks)) {
            new AnnotationCommandHandlerAdapter<>(tasks).subscribe(bus);
        }
        bus.subscribe(ReleaseServerAddressCommand.class.getName(), message -> {
            ownerReleases.add((ReleaseServerAddressCommand) message.getPayload());
            return null;
        });
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

    static ServerId newServer() {
        return ServerId.of(Servers.newUltronId());
    }

    static PrepareServerNetworkCommand prepare(ServerId server) {
        return new PrepareServerNetworkCommand(server, 1, VPC, SUBNET, CLUSTER_ID);
    }

    static IpAllocationOutcome.Allocated allocated(String ip, SubnetId subnet) {
        return new IpAllocationOutcome.Allocated(ip, subnet, CLUSTER, neutron.networkId(), neutron.subnetId());
    }

    static ServerSpec spec(Capability bootDisk) {
        return new ServerSpec("tenant-a", "web-1", VPC, "idc-1", "m1.medium", Servers.CIRROS, bootDisk, 30,
                List.of("default"), true);
    }

    static String port(ServerId server, String ip) {
        return compute.createPort(CLUSTER_ID, new OpenStackCompute.CreatePort(server.value(), neutron.networkId(),
                neutron.subnetId(), ip), "setup").orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    static ServerView novaServer(ServerId server) {
        return openStack.sim.admin().servers(CLUSTER).stream()
                .filter(s -> s.name().equals("ultron-" + server.value())).findFirst().orElseThrow();
    }

    /** Sends as a saga would: the handler must return at once, its outcome arrives later. */
    void send(Object task) {
        commands.send(GenericCommandMessage.asCommandMessage(task).andMetaData(TRACE))
                .orTimeout(1, TimeUnit.SECONDS).join();
    }

    <T> T awaitRecorded(Class<T> type) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> recorded(type), found -> !found.isEmpty()).get(0);
    }

    /** Checks the build as the saga's deadline does, until the check reports {@code type}. */
    <T> T checkUntil(ServerId server, Class<T> type) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            send(new CheckServerBuildCommand(server, 1, CLUSTER_ID));
            return recorded(type);
        }, found -> !found.isEmpty()).get(0);
    }

    <T> List<T> recorded(Class<T> type) {
        return recorded.stream().map(CommandMessage::getPayload).filter(type::isInstance).map(type::cast).toList();
    }
}
