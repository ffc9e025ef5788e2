package io.ultron.command.quota;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.ultron.api.compute.ServerId;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.network.VpcId;
import io.ultron.api.quota.AddressCount;
import io.ultron.api.quota.AddressReservationAnswer;
import io.ultron.api.quota.AddressReservationCancelledEvent;
import io.ultron.api.quota.AddressReservedEvent;
import io.ultron.api.quota.AddressesCountedEvent;
import io.ultron.api.quota.CancelAddressReservationCommand;
import io.ultron.api.quota.CountAddressesCommand;
import io.ultron.api.quota.DescribeTenantQuotaCommand;
import io.ultron.api.quota.QuotaIds;
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
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One tenant's quota across every cluster: its limits and what it holds, the one place that decides whether a
 * request fits (one event stream per tenant, so requests on several nodes are decided one after the other on the
 * latest state, as the exhaustion rules are). Holdings are keyed (servers by id, VPCs by id, addresses per VPC by the
 * VPC's last counted event), so a release or a count that arrives twice changes nothing the second time.
 * A tenant nobody set a quota for exists only once the usage processor records something for it; until then every
 * command finds it empty and unlimited.
 */
@Aggregate(repository = "tenantQuotaRepository")
@Revision("1")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class TenantQuota {

    public static final String EXCEEDED = "quota-exceeded";

    /** {@code tenant-quota:<tenant>} (see {@link QuotaIds}) */
    @AggregateIdentifier
    private String quotaId;
    private String tenant;
    private QuotaLimits limits = QuotaLimits.UNLIMITED;
    private final Map<String, ServerHolding> servers = new LinkedHashMap<>();
    private final Set<String> vpcs = new LinkedHashSet<>();
    /** per VPC: addresses counted, and the sequence number of the VPC's last counted event */
    private final Map<String, VpcAddresses> addresses = new LinkedHashMap<>();
    /** open address reservations: id → when it stops counting */
    private final Map<String, Instant> reservations = new LinkedHashMap<>();

    record VpcAddresses(long count, long lastSequence) {
    }

    protected TenantQuota() {
        // for Axon (event sourcing, and a tenant without events: see the class comment)
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(SetTenantQuotaCommand command) {
        identify(command.tenant());
        apply(new TenantQuotaSetEvent(command.tenant(), command.limits()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public TenantQuotaView handle(DescribeTenantQuotaCommand command) {
        identify(command.tenant());
        return new TenantQuotaView(command.tenant(), limits, usage(now()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ReserveServersCommand command) {
        identify(command.tenant());
        if (command.enforce() && !limits.limitsServers()) {
            return;
        }
        List<ServerHolding> added = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ServerHolding server : command.servers()) {
            if (!servers.containsKey(server.serverId().value()) && seen.add(server.serverId().value())) {
                added.add(server);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        if (command.enforce()) {
            QuotaUsage used = usage(now());
            check("servers", limits.servers(), used.servers(), added.size());
            check("vcpus", limits.vcpus(), used.vcpus(), added.stream().mapToLong(ServerHolding::vcpus).sum());
            check("ramMb", limits.ramMb(), used.ramMb(), added.stream().mapToLong(ServerHolding::ramMb).sum());
        }
        apply(new ServersHeldEvent(tenant, added));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ReleaseServersCommand command) {
        identify(command.tenant());
        List<ServerId> held = command.serverIds().stream().distinct().filter(id -> servers.containsKey(id.value())).toList();
        if (!held.isEmpty()) {
            apply(new ServersReleasedEvent(tenant, held));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ReserveVpcCommand command) {
        identify(command.tenant());
        if ((command.enforce() && limits.vpcs() == null) || vpcs.contains(command.vpcId().value())) {
            return;
        }
        if (command.enforce()) {
            check("vpcs", limits.vpcs(), vpcs.size(), 1);
        }
        apply(new VpcHeldEvent(tenant, command.vpcId()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ReleaseVpcCommand command) {
        identify(command.tenant());
        if (vpcs.contains(command.vpcId().value())) {
            apply(new VpcReleasedEvent(tenant, command.vpcId()));
        }
    }

    /** Not reserved when addresses are unlimited: nothing to reserve or cancel, and no event. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public AddressReservationAnswer handle(ReserveAddressCommand command) {
        identify(command.tenant());
        Long version = AggregateLifecycle.getVersion();
        long decidedAt = version != null ? version : -1;
        if (limits.addresses() == null) {
            return new AddressReservationAnswer(false, decidedAt);
        }
        Instant now = now();
        check("addresses", limits.addresses(), usage(now).addresses(), 1);
        apply(new AddressReservedEvent(tenant, command.reservationId(), now, now.plus(command.validFor())));
        return new AddressReservationAnswer(true, decidedAt);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(CancelAddressReservationCommand command) {
        identify(command.tenant());
        if (reservations.containsKey(command.reservationId())) {
            apply(new AddressReservationCancelledEvent(tenant, command.reservationId()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(CountAddressesCommand command) {
        identify(command.tenant());
        VpcAddresses counted = addresses.get(command.vpcId().value());
        long last = counted != null ? counted.lastSequence() : -1;
        List<AddressCount> newer = new ArrayList<>();
        for (AddressCount count : command.counts()) {
            if (count.sequence() > last) {
                last = count.sequence();
                String consumed = count.reservationId() != null && reservations.containsKey(count.reservationId())
                        ? count.reservationId() : null;
                newer.add(new AddressCount(count.sequence(), count.delta(), consumed));
            }
        }
        if (!newer.isEmpty()) {
            apply(new AddressesCountedEvent(tenant, command.vpcId(), newer));
        }
    }

    // ---- decisions

    private void identify(String tenant) {
        if (this.quotaId == null) {
            // a tenant without events yet: the identifier its first event (if any) is stored under
            this.quotaId = QuotaIds.of(tenant);
            this.tenant = tenant;
        }
    }

    private void sourced(String tenant) {
        this.quotaId = QuotaIds.of(tenant);
        this.tenant = tenant;
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    /** At the limit is allowed; one over is refused, naming the resource, the limit, the usage and the request. */
    private static void check(String resource, Long limit, long used, long requested) {
        if (limit != null && used + requested > limit) {
            Map<String, Object> numbers = new LinkedHashMap<>();
            numbers.put("resource", resource);
            numbers.put("limit", limit);
            numbers.put("used", used);
            numbers.put("requested", requested);
            throw new DomainException(ErrorKind.RULE_VIOLATION, EXCEEDED, "the tenant's " + resource + " quota is " + limit
                    + ", " + used + " used, " + requested + " requested", numbers);
        }
    }

    /** Held servers and VPCs, counted addresses plus the reservations that have not expired at {@code now}. */
    private QuotaUsage usage(Instant now) {
        long vcpus = servers.values().stream().mapToLong(ServerHolding::vcpus).sum();
        long ramMb = servers.values().stream().mapToLong(ServerHolding::ramMb).sum();
        long counted = addresses.values().stream().mapToLong(VpcAddresses::count).sum();
        long reserved = reservations.values().stream().filter(expiry -> expiry.isAfter(now)).count();
        return new QuotaUsage(servers.size(), vcpus, ramMb, Math.max(0, counted) + reserved, vpcs.size());
    }

    // ---- state

    @EventSourcingHandler
    void on(TenantQuotaSetEvent event) {
        sourced(event.tenant());
        limits = event.limits();
    }

    @EventSourcingHandler
    void on(ServersHeldEvent event) {
        sourced(event.tenant());
        event.servers().forEach(server -> servers.put(server.serverId().value(), server));
    }

    @EventSourcingHandler
    void on(ServersReleasedEvent event) {
        event.serverIds().forEach(id -> servers.remove(id.value()));
    }

    @EventSourcingHandler
    void on(VpcHeldEvent event) {
        sourced(event.tenant());
        vpcs.add(event.vpcId().value());
    }

    @EventSourcingHandler
    void on(VpcReleasedEvent event) {
        vpcs.remove(event.vpcId().value());
    }

    @EventSourcingHandler
    void on(AddressReservedEvent event) {
        sourced(event.tenant());
        // reservations that had stopped counting when this one was made are forgotten (a fact of the events, not of the clock)
        reservations.values().removeIf(expiry -> !expiry.isAfter(event.reservedAt()));
        reservations.put(event.reservationId(), event.expiresAt());
    }

    @EventSourcingHandler
    void on(AddressReservationCancelledEvent event) {
        reservations.remove(event.reservationId());
    }

    @EventSourcingHandler
    void on(AddressesCountedEvent event) {
        sourced(event.tenant());
        VpcAddresses counted = addresses.getOrDefault(event.vpcId().value(), new VpcAddresses(0, -1));
        for (AddressCount count : event.counts()) {
            counted = new VpcAddresses(counted.count() + count.delta(), count.sequence());
            if (count.reservationId() != null) {
                reservations.remove(count.reservationId());
            }
        }
        addresses.put(event.vpcId().value(), counted);
    }
}
