package io.ultron.command.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.compute.BatchCompletedEvent;
import io.ultron.api.compute.BatchId;
import io.ultron.api.compute.BatchRequestedEvent;
import io.ultron.api.compute.BatchServerSettledEvent;
import io.ultron.api.compute.CreateServerCommand;
import io.ultron.api.compute.CreateServersCommand;
import io.ultron.api.compute.PlacedServer;
import io.ultron.api.compute.RecordBatchServerSettledCommand;
import io.ultron.api.compute.ServerId;
import io.ultron.api.compute.ServerRequestedEvent;
import io.ultron.api.compute.ServerScheduledEvent;
import io.ultron.api.compute.ServerSpec;
import io.ultron.api.error.DomainException;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcId;
import java.util.List;
import java.util.stream.IntStream;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.Message;
import org.axonframework.modelling.command.Repository;
import org.axonframework.modelling.command.RepositoryProvider;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The batch records the request and creates its servers in the same unit of work, then counts each server's outcome
 * once and completes when the last one settles. The fixture's event store takes the events of one aggregate only,
 * so the servers the batch creates are stored in an event store of their own and read from there.
 */
class BatchTest {

    static final BatchId BATCH = BatchId.of("batch-1");
    static final VpcId VPC = VpcId.of("vpc-1");
    static final SubnetId SUBNET = SubnetId.of(VPC, 1);
    static final ClusterId AZ1 = ClusterId.of("cl-az1");
    static final ClusterId AZ2 = ClusterId.of("cl-az2");
    static final ServerSpec SPEC = new ServerSpec("acme", "web", VPC, "idc-1", "m1.small", "img-1",
            Capability.LOCAL_DISK, 20, List.of(), true);
    static final ServerId S1 = ServerId.of("srv-1");
    static final ServerId S2 = ServerId.of("srv-2");
    static final ServerId S3 = ServerId.of("srv-3");
    static final String NO_HOST = "No valid host was found";

    AggregateTestFixture<Batch> fixture;
    EmbeddedEventStore serverEvents;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Batch.class);
        serverEvents = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        Repository<Server> servers = EventSourcingRepository.builder(Server.class).eventStore(serverEvents).build();
        fixture.registerRepositoryProvider(new RepositoryProvider() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> Repository<T> repositoryFor(Class<T> aggregateType) {
                return aggregateType == Server.class ? (Repository<T>) servers : null;
            }
        });
    }

    @AfterEach
    void tearDown() {
        serverEvents.shutDown();
    }

    static PlacedServer placed(ServerId id, String name, ClusterId cluster) {
        return new PlacedServer(id, name, cluster, SUBNET);
    }

    /** The events stored for {@code server}, in order. */
    List<Object> eventsOf(ServerId server) {
        return serverEvents.readEvents(server.value()).asStream().map(Message::getPayload).map(Object.class::cast).toList();
    }

    /** No server of the ids these tests use was stored. */
    boolean noneStored() {
        return IntStream.rangeClosed(1, Batch.MAX_SERVERS + 1)
                .allMatch(i -> serverEvents.readEvents("srv-" + i).asStream().findAny().isEmpty());
    }

    static BatchRequestedEvent requested(ServerId... servers) {
        return new BatchRequestedEvent(BATCH, "acme", "web", servers.length, List.of(servers));
    }

    @Test
    void createsOneServerAsABatchOfOne() {
        fixture.givenNoPriorActivity()
                .when(new CreateServerCommand(BATCH, SPEC, placed(S1, "web-1", AZ1), 1, 2048, "2"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(requested(S1));

        assertThat(eventsOf(S1)).containsExactly(
                new ServerRequestedEvent(S1, BATCH, SPEC.named("web-1"), 1, 2048, "2"),
                new ServerScheduledEvent(S1, AZ1, SUBNET, 1));
    }

    @Test
    void createsEveryServerOfTheBatchWhereItWasPlaced() {
        fixture.givenNoPriorActivity()
                .when(new CreateServersCommand(BATCH, SPEC, List.of(placed(S1, "web-1", AZ1), placed(S2, "web-2", AZ2),
                        placed(S3, "web-3", AZ1)), 2, 4096, "3"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(requested(S1, S2, S3));

        assertThat(eventsOf(S1)).containsExactly(new ServerRequestedEvent(S1, BATCH, SPEC.named("web-1"), 2, 4096, "3"),
                new ServerScheduledEvent(S1, AZ1, SUBNET, 1));
        assertThat(eventsOf(S2)).containsExactly(new ServerRequestedEvent(S2, BATCH, SPEC.named("web-2"), 2, 4096, "3"),
                new ServerScheduledEvent(S2, AZ2, SUBNET, 1));
        assertThat(eventsOf(S3)).containsExactly(new ServerRequestedEvent(S3, BATCH, SPEC.named("web-3"), 2, 4096, "3"),
                new ServerScheduledEvent(S3, AZ1, SUBNET, 1));
    }

    @Test
    void takesAsManyAsTheLimitOfServers() {
        List<PlacedServer> servers = IntStream.rangeClosed(1, Batch.MAX_SERVERS)
                .mapToObj(i -> placed(ServerId.of("srv-" + i), "web-" + i, i % 2 == 0 ? AZ2 : AZ1)).toList();

        fixture.givenNoPriorActivity()
                .when(new CreateServersCommand(BATCH, SPEC, servers, 1, 2048, "2"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new BatchRequestedEvent(BATCH, "acme", "web", Batch.MAX_SERVERS,
                        servers.stream().map(PlacedServer::serverId).toList()));

        assertThat(servers).allSatisfy(server -> assertThat(eventsOf(server.serverId())).containsExactly(
                new ServerRequestedEvent(server.serverId(), BATCH, SPEC.named(server.name()), 1, 2048, "2"),
                new ServerScheduledEvent(server.serverId(), server.clusterId(), SUBNET, 1)));
        assertThat(eventsOf(ServerId.of("srv-" + Batch.MAX_SERVERS))).containsExactly(
                new ServerRequestedEvent(ServerId.of("srv-1000"), BATCH, SPEC.named("web-1000"), 1, 2048, "2"),
                new ServerScheduledEvent(ServerId.of("srv-1000"), AZ2, SUBNET, 1));
    }

    @Test
    void refusesAnEmptyBatchOneOverTheLimitAndAServerIdTwiceAndCreatesNoServer() {
        fixture.givenNoPriorActivity()
                .when(new CreateServersCommand(BATCH, SPEC, List.of(), 1, 2048, "2"))
                .expectException(DomainException.class)
                .expectExceptionMessage("a batch holds 1 to 1000 servers, not 0")
                .expectNoEvents();

        List<PlacedServer> tooMany = IntStream.rangeClosed(1, Batch.MAX_SERVERS + 1)
                .mapToObj(i -> placed(ServerId.of("srv-" + i), "web-" + i, AZ1)).toList();
        fixture.givenNoPriorActivity()
                .when(new CreateServersCommand(BATCH, SPEC, tooMany, 1, 2048, "2"))
                .expectException(DomainException.class)
                .expectExceptionMessage("a batch holds 1 to 1000 servers, not 1001")
                .expectNoEvents();

        fixture.givenNoPriorActivity()
                .when(new CreateServersCommand(BATCH, SPEC, List.of(placed(S1, "web-1", AZ1), placed(S2, "web-2", AZ1),
                        placed(S1, "web-3", AZ2)), 1, 2048, "2"))
                .expectException(DomainException.class)
                .expectExceptionMessage("a server id appears twice in the batch")
                .expectNoEvents();

        assertThat(noneStored()).isTrue();
    }

    @Test
    void recordsEachServerAsItSettles() {
        fixture.given(requested(S1, S2, S3))
                .when(new RecordBatchServerSettledCommand(BATCH, S2, true, null))
                .expectEvents(new BatchServerSettledEvent(BATCH, S2, true, null));
        fixture.given(requested(S1, S2, S3), new BatchServerSettledEvent(BATCH, S2, true, null))
                .when(new RecordBatchServerSettledCommand(BATCH, S1, false, NO_HOST))
                .expectEvents(new BatchServerSettledEvent(BATCH, S1, false, NO_HOST));
    }

    @Test
    void completesWhenTheLastServerSettlesWithTheCounts() {
        fixture.given(requested(S1, S2, S3), new BatchServerSettledEvent(BATCH, S2, true, null),
                        new BatchServerSettledEvent(BATCH, S1, false, NO_HOST))
                .when(new RecordBatchServerSettledCommand(BATCH, S3, true, null))
                .expectEvents(new BatchServerSettledEvent(BATCH, S3, true, null),
                        new BatchCompletedEvent(BATCH, 3, 2, 1));
        fixture.given(requested(S1))
                .when(new RecordBatchServerSettledCommand(BATCH, S1, false, NO_HOST))
                .expectEvents(new BatchServerSettledEvent(BATCH, S1, false, NO_HOST),
                        new BatchCompletedEvent(BATCH, 1, 0, 1));
    }

    @Test
    void countsAServerSettledTwiceOnce() {
        fixture.given(requested(S1, S2), new BatchServerSettledEvent(BATCH, S1, true, null))
                .when(new RecordBatchServerSettledCommand(BATCH, S1, true, null))
                .expectNoEvents();
        fixture.given(requested(S1, S2), new BatchServerSettledEvent(BATCH, S1, true, null))
                .when(new RecordBatchServerSettledCommand(BATCH, S1, false, NO_HOST))
                .expectNoEvents();
        // the repeated report did not count: S2 completes the batch with one active, one failed
        fixture.given(requested(S1, S2), new BatchServerSettledEvent(BATCH, S1, true, null))
                .andGivenCommands(new RecordBatchServerSettledCommand(BATCH, S1, false, NO_HOST))
                .when(new RecordBatchServerSettledCommand(BATCH, S2, false, NO_HOST))
                .expectEvents(new BatchServerSettledEvent(BATCH, S2, false, NO_HOST),
                        new BatchCompletedEvent(BATCH, 2, 1, 1));
        fixture.given(requested(S1), new BatchServerSettledEvent(BATCH, S1, true, null),
                        new BatchCompletedEvent(BATCH, 1, 1, 0))
                .when(new RecordBatchServerSettledCommand(BATCH, S1, true, null))
                .expectNoEvents();
    }

    @Test
    void ignoresAServerThatIsNotInTheBatch() {
        fixture.given(requested(S1, S2))
                .when(new RecordBatchServerSettledCommand(BATCH, S3, true, null))
                .expectNoEvents();
    }
}
