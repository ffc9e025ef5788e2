package io.ultron.command.quota;

import io.ultron.api.compute.ServerId;
import io.ultron.api.error.DomainException;
import io.ultron.api.network.VpcId;
import io.ultron.api.quota.AddressCount;
import io.ultron.api.quota.AddressReservationAnswer;
import io.ultron.api.quota.AddressReservationCancelledEvent;
import io.ultron.api.quota.AddressReservedEvent;
import io.ultron.api.quota.AddressesCountedEvent;
import io.ultron.api.quota.CancelAddressReservationCommand;
import io.ultron.api.quota.CountAddressesCommand;
import io.ultron.api.quota.DescribeTenantQuotaCommand;
import io.ultron.api.quota.QuotaLimits;
import io.ultron.api.quota.QuotaUsage;
import io.ultron.api.quota.ReleaseServersCommand;
import io.ultron.api.quota.ReleaseVpcCommand;
import io.ultron.api.quota.ReserveAddressCommand;
import io.ultron.api.quota.ReserveServersCommand;
import io.ultron.api.quota.ReserveVpcCommand;
import io.ultron.api.quota.ServerHolding;
import io.ultron.api.quota.ServersHeldEvent;
import io.ultron.api.quota.ServersReleasedEvent;
import io.ultron.api.quota.SetTenantQuotaCommand;
import io.ultron.api.quota.TenantQuotaSetEvent;
import io.ultron.api.quota.TenantQuotaView;
import io.ultron.api.quota.VpcHeldEvent;
import io.ultron.api.quota.VpcReleasedEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class TenantQuotaTest {

    static final String T = "acme";
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    static final VpcId VPC = VpcId.of("vpc-00000000-0000-0000-0000-000000000001");

    AggregateTestFixture<TenantQuota> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(TenantQuota.class);
    }

    static TenantQuotaSetEvent limits(Long servers, Long vcpus, Long ramMb, Long addresses, Long vpcs) {
        return new TenantQuotaSetEvent(T, new QuotaLimits(servers, vcpus, ramMb, addresses, vpcs));
    }

    static ServerHolding server(int n, int vcpus, int ramMb) {
        return new ServerHolding(ServerId.of("srv-" + n), vcpus, ramMb);
    }

    static List<ServerHolding> servers(int from, int count, int vcpus, int ramMb) {
        List<ServerHolding> servers = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            servers.add(server(i, vcpus, ramMb));
        }
        return servers;
    }

    /** A refusal naming the resource, the limit, the usage and the request. */
    static Matcher<?> exceeded(String resource, long limit, long used, long requested) {
        Map<String, Object> expected = Map.of("resource", resource, "limit", limit, "used", used, "requested", requested);
        return new BaseMatcher<>() {
            @Override
            public boolean matches(Object actual) {
                return actual instanceof DomainException e && e.code().equals("quota-exceeded") && e.properties().equals(expected);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("quota-exceeded " + expected);
            }
        };
    }

    @Test
    void anAdminSetsTheLimitsOfATenantNobodySetAQuotaFor() {
        fixture.givenNoPriorActivity()
                .when(new SetTenantQuotaCommand(T, new QuotaLimits(10L, 20L, 40960L, 100L, 2L)))
                .expectEvents(limits(10L, 20L, 40960L, 100L, 2L));
    }

    @Test
    void serversUpToTheLimitAreHeldAllAtOnce() {
        fixture.given(limits(3L, null, null, null, null), new ServersHeldEvent(T, List.of(server(1, 1, 512))))
                .when(new ReserveServersCommand(T, servers(2, 2, 1, 512), true))
                .expectEvents(new ServersHeldEvent(T, servers(2, 2, 1, 512)));
    }

    @Test
    void oneServerOverTheLimitRefusesTheWholeBatchWithTheNumbers() {
        fixture.given(limits(3L, null, null, null, null), new ServersHeldEvent(T, List.of(server(1, 1, 512))))
                .when(new ReserveServersCommand(T, servers(2, 3, 1, 512), true))
                .expectException(exceeded("servers", 3, 1, 3))
                .expectExceptionMessage("the tenant's servers quota is 3, 1 used, 3 requested")
                .expectNoEvents();
    }

    @Test
    void vcpusAndRamAreLimitedByTheFlavor() {
        fixture.given(limits(null, 8L, null, null, null), new ServersHeldEvent(T, List.of(server(1, 4, 8192))))
                .when(new ReserveServersCommand(T, servers(2, 1, 4, 8192), true))
                .expectEvents(new ServersHeldEvent(T, servers(2, 1, 4, 8192)));
        fixture.given(limits(null, 8L, null, null, null), new ServersHeldEvent(T, List.of(server(1, 4, 8192))))
                .when(new ReserveServersCommand(T, servers(2, 2, 4, 8192), true))
                .expectException(exceeded("vcpus", 8, 4, 8))
                .expectNoEvents();
        fixture.given(limits(null, null, 16384L, null, null), new ServersHeldEvent(T, List.of(server(1, 4, 8192))))
                .when(new ReserveServersCommand(T, servers(2, 2, 4, 8192), true))
                .expectException(exceeded("ramMb", 16384, 8192, 16384))
                .expectNoEvents();
    }

    @Test
    void aReleasedServerMakesRoomAndAReleaseTwiceChangesNothing() {
        fixture.given(limits(1L, null, null, null, null), new ServersHeldEvent(T, List.of(server(1, 1, 512))),
                        new ServersReleasedEvent(T, List.of(ServerId.of("srv-1"))))
                .when(new ReserveServersCommand(T, List.of(server(2, 1, 512)), true))
                .expectEvents(new ServersHeldEvent(T, List.of(server(2, 1, 512))));
        fixture.given(limits(1L, null, null, null, null), new ServersHeldEvent(T, List.of(server(1, 1, 512))))
                .when(new ReleaseServersCommand(T, List.of(ServerId.of("srv-1"), ServerId.of("srv-9"))))
                .expectEvents(new ServersReleasedEvent(T, List.of(ServerId.of("srv-1"))));
        fixture.given(limits(1L, null, null, null, null), new ServersHeldEvent(T, List.of(server(1, 1, 512))),
                        new ServersReleasedEvent(T, List.of(ServerId.of("srv-1"))))
                .when(new ReleaseServersCommand(T, List.of(ServerId.of("srv-1"))))
                .expectNoEvents();
    }

    @Test
    void aRaisedQuotaAllowsWhatWasRefused() {
        fixture.given(limits(1L, null, null, null, null), new ServersHeldEvent(T, List.of(server(1, 1, 512))),
                        limits(2L, null, null, null, null))
                .when(new ReserveServersCommand(T, List.of(server(2, 1, 512)), true))
                .expectEvents(new ServersHeldEvent(T, List.of(server(2, 1, 512))));
    }

    @Test
    void aLimitBelowTheUsageKeepsWhatExistsAndRefusesMore() {
        fixture.given(new ServersHeldEvent(T, servers(1, 3, 1, 512)), limits(2L, null, null, null, null))
                .when(new DescribeTenantQuotaCommand(T))
                .expectResultMessagePayload(new TenantQuotaView(T, new QuotaLimits(2L, null, null, null, null),
                        new QuotaUsage(3, 3, 1536, 0, 0)))
                .expectNoEvents();
        fixture.given(new ServersHeldEvent(T, servers(1, 3, 1, 512)), limits(2L, null, null, null, null))
                .when(new ReserveServersCommand(T, List.of(server(9, 1, 512)), true))
                .expectException(exceeded("servers", 2, 3, 1));
    }

    @Test
    void anUnlimitedTenantsReservationAppliesNoEvent() {
        // a tenant without any event stays without one: there is no state the fixture could source again to compare
        fixture.setReportIllegalStateChange(false);
        fixture.givenNoPriorActivity()
                .when(new ReserveServersCommand(T, servers(1, 1000, 8, 16384), true))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(limits(null, null, null, null, 1L), new VpcHeldEvent(T, VPC))
                .when(new ReserveServersCommand(T, servers(1, 5, 1, 512), true))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new ReserveVpcCommand(T, VPC, true))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new ReserveAddressCommand(T, "r-1", FIVE_MINUTES))
                .expectResultMessagePayload(new AddressReservationAnswer(false, -1))
                .expectNoEvents();
        fixture.given(limits(5L, null, null, null, null), new VpcHeldEvent(T, VPC))
                .when(new ReserveAddressCommand(T, "r-1", FIVE_MINUTES))
                .expectResultMessagePayload(new AddressReservationAnswer(false, 1))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new DescribeTenantQuotaCommand(T))
                .expectResultMessagePayload(new TenantQuotaView(T, QuotaLimits.UNLIMITED, new QuotaUsage(0, 0, 0, 0, 0)))
                .expectNoEvents();
    }

    @Test
    void theUsageProcessorRecordsWhatExistsWhateverTheLimitsAndOnlyOnce() {
        fixture.given(limits(1L, null, null, null, null), new ServersHeldEvent(T, List.of(server(1, 1, 512))))
                .when(new ReserveServersCommand(T, List.of(server(1, 1, 512), server(2, 1, 512)), false))
                .expectEvents(new ServersHeldEvent(T, List.of(server(2, 1, 512))));
        fixture.givenNoPriorActivity()
                .when(new ReserveVpcCommand(T, VPC, false))
                .expectEvents(new VpcHeldEvent(T, VPC));
    }

    @Test
    void vpcsUpToTheLimitThenRefusedThenReleased() {
        VpcId second = VpcId.of("vpc-00000000-0000-0000-0000-000000000002");
        fixture.given(limits(null, null, null, null, 1L))
                .when(new ReserveVpcCommand(T, VPC, true))
                .expectEvents(new VpcHeldEvent(T, VPC));
        fixture.given(limits(null, null, null, null, 1L), new VpcHeldEvent(T, VPC))
                .when(new ReserveVpcCommand(T, second, true))
                .expectException(exceeded("vpcs", 1, 1, 1))
                .expectNoEvents();
        fixture.given(limits(null, null, null, null, 1L), new VpcHeldEvent(T, VPC))
                .when(new ReleaseVpcCommand(T, VPC))
                .expectEvents(new VpcReleasedEvent(T, VPC));
        fixture.given(limits(null, null, null, null, 1L), new VpcHeldEvent(T, VPC), new VpcReleasedEvent(T, VPC))
                .when(new ReleaseVpcCommand(T, VPC))
                .expectNoEvents();
    }

    @Test
    void anAddressIsReservedWhileCountedPlusReservedIsBelowTheLimit() {
        fixture.given(limits(null, null, null, 2L, null), new AddressesCountedEvent(T, VPC, List.of(new AddressCount(5, 1, null))))
                .andGivenCurrentTime(NOW)
                .when(new ReserveAddressCommand(T, "r-1", FIVE_MINUTES))
                .expectResultMessagePayload(new AddressReservationAnswer(true, 1))
                .expectEvents(new AddressReservedEvent(T, "r-1", NOW, NOW.plus(FIVE_MINUTES)));
        fixture.given(limits(null, null, null, 2L, null), new AddressesCountedEvent(T, VPC, List.of(new AddressCount(5, 1, null))),
                        new AddressReservedEvent(T, "r-1", NOW, NOW.plus(FIVE_MINUTES)))
                .andGivenCurrentTime(NOW.plusSeconds(1))
                .when(new ReserveAddressCommand(T, "r-2", FIVE_MINUTES))
                .expectException(exceeded("addresses", 2, 2, 1))
                .expectNoEvents();
    }

    @Test
    void theCountedAddressConsumesItsReservation() {
        fixture.given(limits(null, null, null, 2L, null), new AddressReservedEvent(T, "r-1", NOW, NOW.plus(FIVE_MINUTES)))
                .andGivenCurrentTime(NOW)
                .when(new CountAddressesCommand(T, VPC, List.of(new AddressCount(7, 1, "r-1"))))
                .expectEvents(new AddressesCountedEvent(T, VPC, List.of(new AddressCount(7, 1, "r-1"))));
        // one counted, the reservation gone: one more fits
        fixture.given(limits(null, null, null, 2L, null), new AddressReservedEvent(T, "r-1", NOW, NOW.plus(FIVE_MINUTES)),
                        new AddressesCountedEvent(T, VPC, List.of(new AddressCount(7, 1, "r-1"))))
                .andGivenCurrentTime(NOW)
                .when(new DescribeTenantQuotaCommand(T))
                .expectResultMessagePayload(new TenantQuotaView(T, new QuotaLimits(null, null, null, 2L, null),
                        new QuotaUsage(0, 0, 0, 1, 0)));
        // a reservation already cancelled (or unknown) is not named as consumed
        fixture.given(limits(null, null, null, 2L, null))
                .when(new CountAddressesCommand(T, VPC, List.of(new AddressCount(7, 1, "r-gone"))))
                .expectEvents(new AddressesCountedEvent(T, VPC, List.of(new AddressCount(7, 1, null))));
    }

    @Test
    void addressEventsNotNewerThanTheVpcsLastCountedOneAreIgnored() {
        fixture.given(new AddressesCountedEvent(T, VPC, List.of(new AddressCount(7, 1, null))))
                .when(new CountAddressesCommand(T, VPC, List.of(new AddressCount(7, 1, null))))
                .expectNoEvents();
        fixture.given(new AddressesCountedEvent(T, VPC, List.of(new AddressCount(7, 1, null))))
                .when(new CountAddressesCommand(T, VPC, List.of(new AddressCount(3, -1, null))))
                .expectNoEvents();
        fixture.given(new AddressesCountedEvent(T, VPC, List.of(new AddressCount(7, 1, null))))
                .when(new CountAddressesCommand(T, VPC, List.of(new AddressCount(8, -1, null))))
                .expectEvents(new AddressesCountedEvent(T, VPC, List.of(new AddressCount(8, -1, null))));
        // another VPC has a sequence of its own
        VpcId other = VpcId.of("vpc-00000000-0000-0000-0000-000000000002");
        fixture.given(new AddressesCountedEvent(T, VPC, List.of(new AddressCount(7, 1, null))))
                .when(new CountAddressesCommand(T, other, List.of(new AddressCount(2, 1, null))))
                .expectEvents(new AddressesCountedEvent(T, other, List.of(new AddressCount(2, 1, null))));
    }

    @Test
    void aBatchOfCountsIsCountedFromTheFirstNewerOneOnly() {
        fixture.given(limits(null, null, null, 10L, null), new AddressReservedEvent(T, "r-9", NOW, NOW.plus(FIVE_MINUTES)),
                        new AddressesCountedEvent(T, VPC, List.of(new AddressCount(7, 1, null), new AddressCount(8, 1, null))))
                .andGivenCurrentTime(NOW)
                .when(new CountAddressesCommand(T, VPC, List.of(new AddressCount(7, 1, null), new AddressCount(8, 1, null),
                        new AddressCount(9, -1, null), new AddressCount(10, 1, "r-9"))))
                .expectEvents(new AddressesCountedEvent(T, VPC, List.of(new AddressCount(9, -1, null), new AddressCount(10, 1, "r-9"))));
        fixture.given(limits(null, null, null, 10L, null), new AddressReservedEvent(T, "r-9", NOW, NOW.plus(FIVE_MINUTES)),
                        new AddressesCountedEvent(T, VPC, List.of(new AddressCount(7, 1, null), new AddressCount(8, 1, null),
                                new AddressCount(9, -1, null), new AddressCount(10, 1, "r-9"))))
                .andGivenCurrentTime(NOW)
                .when(new DescribeTenantQuotaCommand(T))
                .expectResultMessagePayload(new TenantQuotaView(T, new QuotaLimits(null, null, null, 10L, null),
                        new QuotaUsage(0, 0, 0, 2, 0)));
    }

    @Test
    void anExpiredReservationNoLongerCounts() {
        fixture.given(limits(null, null, null, 1L, null), new AddressReservedEvent(T, "r-1", NOW, NOW.plus(FIVE_MINUTES)))
                .andGivenCurrentTime(NOW.plus(FIVE_MINUTES).plusSeconds(1))
                .when(new ReserveAddressCommand(T, "r-2", FIVE_MINUTES))
                .expectResultMessagePayload(new AddressReservationAnswer(true, 1))
                .expectEvents(new AddressReservedEvent(T, "r-2", NOW.plus(FIVE_MINUTES).plusSeconds(1),
                        NOW.plus(FIVE_MINUTES).plusSeconds(1).plus(FIVE_MINUTES)));
        fixture.given(limits(null, null, null, 1L, null), new AddressReservedEvent(T, "r-1", NOW, NOW.plus(FIVE_MINUTES)))
                .andGivenCurrentTime(NOW.plus(FIVE_MINUTES).minusSeconds(1))
                .when(new ReserveAddressCommand(T, "r-2", FIVE_MINUTES))
                .expectException(exceeded("addresses", 1, 1, 1));
    }

    @Test
    void aCancelledReservationMakesRoomAndACancelTwiceChangesNothing() {
        fixture.given(limits(null, null, null, 1L, null), new AddressReservedEvent(T, "r-1", NOW, NOW.plus(FIVE_MINUTES)))
                .andGivenCurrentTime(NOW)
                .when(new CancelAddressReservationCommand(T, "r-1"))
                .expectEvents(new AddressReservationCancelledEvent(T, "r-1"));
        fixture.given(limits(null, null, null, 1L, null), new AddressReservedEvent(T, "r-1", NOW, NOW.plus(FIVE_MINUTES)),
                        new AddressReservationCancelledEvent(T, "r-1"))
                .andGivenCurrentTime(NOW)
                .when(new CancelAddressReservationCommand(T, "r-1"))
                .expectNoEvents();
        fixture.given(limits(null, null, null, 1L, null), new AddressReservedEvent(T, "r-1", NOW, NOW.plus(FIVE_MINUTES)),
                        new AddressReservationCancelledEvent(T, "r-1"))
                .andGivenCurrentTime(NOW)
                .when(new ReserveAddressCommand(T, "r-2", FIVE_MINUTES))
                .expectResultMessagePayload(new AddressReservationAnswer(true, 2));
    }
}
