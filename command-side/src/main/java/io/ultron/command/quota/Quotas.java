package io.ultron.command.quota;

import io.ultron.api.compute.PlacedServer;
import io.ultron.api.network.VpcId;
import io.ultron.api.quota.AddressReservationAnswer;
import io.ultron.api.quota.CancelAddressReservationCommand;
import io.ultron.api.quota.ReleaseServersCommand;
import io.ultron.api.quota.ReleaseVpcCommand;
import io.ultron.api.quota.ReserveAddressCommand;
import io.ultron.api.quota.ReserveServersCommand;
import io.ultron.api.quota.ReserveVpcCommand;
import io.ultron.api.quota.ServerHolding;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the REST controllers ask of a tenant's quota before they create something: one command to the tenant's
 * {@link TenantQuota}, which decides (and, for a tenant whose resource is unlimited, stores nothing). A refusal is a
 * {@code DomainException} (422 {@code quota-exceeded}). Gives back what a creation that then failed had reserved.
 */
@Component
public class Quotas {

    private static final Logger log = LoggerFactory.getLogger(Quotas.class);

    private final CommandGateway commands;
    private final QuotaOwners owners;
    private final Duration reservationTimeout;
    private final UnlimitedAddresses unlimited;

    Quotas(CommandGateway commands, QuotaOwners owners, UnlimitedAddresses unlimited,
           @Value("${ultron.quota.reservation-timeout:5m}") Duration reservationTimeout) {
        this.commands = commands;
        this.owners = owners;
        this.unlimited = unlimited;
        this.reservationTimeout = reservationTimeout;
    }

    /** All of the placed servers or none. */
    public void reserveServers(String tenant, List<PlacedServer> placed, int vcpus, int ramMb) {
        commands.sendAndWait(new ReserveServersCommand(tenant,
                placed.stream().map(server -> new ServerHolding(server.serverId(), vcpus, ramMb)).toList(), true));
    }

    /** After a creation that failed; a failure here is logged, not thrown (the creation's own failure is the answer). */
    public void releaseServers(String tenant, List<PlacedServer> placed) {
        giveBack(() -> commands.sendAndWait(new ReleaseServersCommand(tenant, placed.stream().map(PlacedServer::serverId).toList())),
                "servers of tenant " + tenant);
    }

    public void reserveVpc(String tenant, VpcId vpc) {
        commands.sendAndWait(new ReserveVpcCommand(tenant, vpc, true));
    }

    public void releaseVpc(String tenant, VpcId vpc) {
        giveBack(() -> commands.sendAndWait(new ReleaseVpcCommand(tenant, vpc)), "VPC " + vpc.value());
    }

    /**
     * Reserves one address of the VPC's tenant for a REST allocation: one command to the tenant's quota, or, for a
     * tenant whose addresses are unlimited, one read of its quota's newest events ({@link UnlimitedAddresses}). Empty
     * when there is nothing to give back later: the tenant's addresses are unlimited, the VPC does not exist, or it is of a tenant the caller may not see (the
     * VPC then answers the allocation as not found, and no other tenant's quota may be told about).
     */
    public Optional<AddressReservation> reserveAddress(VpcId vpc, java.util.function.Predicate<String> visibleTenant) {
        Optional<String> tenant = owners.tenantOf(vpc).filter(visibleTenant);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        if (unlimited.isUnlimited(tenant.get())) {
            return Optional.empty();
        }
        String id = UUID.randomUUID().toString();
        AddressReservationAnswer answer = commands.sendAndWait(new ReserveAddressCommand(tenant.get(), id, reservationTimeout));
        if (!answer.reserved()) {
            unlimited.learnedUnlimited(tenant.get(), answer.decidedAt());
            return Optional.empty();
        }
        unlimited.learnedLimited(tenant.get());
        return Optional.of(new AddressReservation(tenant.get(), id));
    }

    /** The allocation was refused, is pending or failed. */
    public void cancel(AddressReservation reservation) {
        giveBack(() -> commands.sendAndWait(new CancelAddressReservationCommand(reservation.tenant(), reservation.id())),
                "address reservation " + reservation.id());
    }

    private static void giveBack(Runnable release, String what) {
        try {
            release.run();
        } catch (RuntimeException failure) {
            // the usage processor or the reservation's timeout settles it; a failed request must still get its answer
            log.warn("could not give back the quota of {}: {}", what, failure.toString());
        }
    }

    /** An address reserved in {@code tenant}'s quota, to be consumed by the allocation's event or cancelled. */
    public record AddressReservation(String tenant, String id) {
    }
}
