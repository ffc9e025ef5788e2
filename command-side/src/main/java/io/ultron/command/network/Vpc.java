package io.ultron.command.network;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.ultron.api.cluster.ClusterId;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.api.network.AllocateIpCommand;
import io.ultron.api.network.AllocateIpsCommand;
import io.ultron.api.network.AllocateSubnetCommand;
import io.ultron.api.network.AllocationPool;
import io.ultron.api.network.ClaimIpCommand;
import io.ultron.api.network.Cidr;
import io.ultron.api.network.ClusterSliceUnavailableEvent;
import io.ultron.api.network.ClusterSlicesChangedEvent;
import io.ultron.api.network.ClusterSlicesProvisionedEvent;
import io.ultron.api.network.ClusterSlicesProvisioningFailedEvent;
import io.ultron.api.network.CreateVpcCommand;
import io.ultron.api.network.DeleteSubnetCommand;
import io.ultron.api.network.DeleteVpcCommand;
import io.ultron.api.network.GrantClusterSlicesCommand;
import io.ultron.api.network.IpAllocatedEvent;
import io.ultron.api.network.IpAllocationOutcome;
import io.ultron.api.network.IpReleasedEvent;
import io.ultron.api.network.NeutronSubnetDriftedEvent;
import io.ultron.api.network.NeutronSubnetRepairedEvent;
import io.ultron.api.network.RecordNeutronSubnetDriftCommand;
import io.ultron.api.network.Ipv4;
import io.ultron.api.network.RecordSlicesProvisionedCommand;
import io.ultron.api.network.RecordSlicesProvisioningFailedCommand;
import io.ultron.api.network.ReleaseIpCommand;
import io.ultron.api.network.ReleaseServerAddressCommand;
import io.ultron.api.network.SubnetAllocatedEvent;
import io.ultron.api.network.SubnetDeletedEvent;
import io.ultron.api.network.SubnetId;
import io.ultron.api.network.VpcCreatedEvent;
import io.ultron.api.network.VpcDeletedEvent;
import io.ultron.api.network.VpcId;
import io.ultron.command.cluster.ClusterStatuses;
import io.ultron.api.tenant.TenantScope;
import io.ultron.command.quota.QuotaMetaData;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.serialization.Revision;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * A VPC and its whole address space: up to four /22 subnets, their slices per cluster and every address
 * in use. One aggregate, because running out in one cluster moves slices between the VPC's subnets: the
 * decision needs all of them, and one event stream makes "never handed out twice" a sequence-number check.
 */
@Aggregate(repository = "vpcRepository")
@Revision("2") // 2: the tenant is part of the state; snapshots without it are not read (events are)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Vpc {

    static final int MAX_SUBNETS = VpcInIdc.MAX_SUBNETS_PER_VPC;

    @AggregateIdentifier
    private VpcId vpcId;
    private String area;
    private String tenant;
    private Cidr block;
    private int subnetsEverAllocated;
    private final Map<SubnetId, SubnetState> subnets = new LinkedHashMap<>();

    protected Vpc() {
        // for Axon's event sourcing
    }

    @CommandHandler
    public Vpc(CreateVpcCommand command, VpcBlockRegistry blocks) {
        require(notBlank(command.area()) && notBlank(command.tenant()) && notBlank(command.name()), ErrorKind.BAD_INPUT,
                "invalid-vpc", "area, tenant and name are required");
        Cidr claimed = blocks.claim(command.vpcId(), command.department(), command.purpose());
        apply(new VpcCreatedEvent(command.vpcId(), command.area(), command.tenant(), command.name(),
                command.department(), command.purpose(), claimed.toString()));
    }

    /** A REST caller of another tenant is told the VPC (or its subnet) does not exist; see {@link TenantScope}. */
    @CommandHandlerInterceptor
    void onlyForItsTenant(CommandMessage<?> command) {
        if (!TenantScope.fromMetaData(command.getMetaData()).covers(tenant)) {
            boolean ofSubnet = command.getPayload() instanceof DeleteSubnetCommand || command.getPayload() instanceof ReleaseIpCommand;
            throw ofSubnet ? new DomainException(ErrorKind.NOT_FOUND, "subnet-not-found", "no such subnet")
                    : new DomainException(ErrorKind.NOT_FOUND, "vpc-not-found", "no VPC " + vpcId);
        }
    }

    @CommandHandler
    public void handle(DeleteVpcCommand command, VpcBlockRegistry blocks) {
        require(subnets.isEmpty(), ErrorKind.CONFLICT, "vpc-not-empty", "delete the VPC's subnets first");
        blocks.release(vpcId, block);
        apply(new VpcDeletedEvent(vpcId, block.toString()));
    }

    @CommandHandler
    public SubnetId handle(AllocateSubnetCommand command) {
        require(notBlank(command.idc()), ErrorKind.BAD_INPUT, "invalid-idc", "idc is required");
        require(!command.activeClusters().isEmpty(), ErrorKind.RULE_VIOLATION, "idc-without-clusters",
                "IDC " + command.idc() + " has no active cluster");
        require(area.equals(command.idcArea()), ErrorKind.RULE_VIOLATION, "idc-not-in-area",
                "IDC " + command.idc() + " is in area " + command.idcArea() + ", the VPC in " + area);
        Cidr cidr = nextFreeSubnet().orElseThrow(() -> new DomainException(ErrorKind.RULE_VIOLATION, "vpc-subnet-limit",
                "a VPC holds at most " + MAX_SUBNETS + " subnets"));
        if (command.cidr() != null) {
            cidr = requestedSubnet(command.cidr());
        }
        SlicePlan plan = SlicePlanner.initialPlan(cidr, command.activeClusters().stream().map(ClusterId::value).toList());
        return applyNewSubnet(command.idc(), plan, "initial plan", MetaData.emptyInstance());
    }

    @CommandHandler
    public IpAllocationOutcome handle(AllocateIpCommand command, ExhaustionPolicy policy, ClusterStatuses statuses) {
        return allocate(command.subnetId(), command.clusterId(), command.owner(), false, policy, statuses, MetaData.emptyInstance());
    }

    /** Many callers' allocations in one transaction; each event keeps the trace id of the request it answers. */
    @CommandHandler
    public List<IpAllocationOutcome> handle(AllocateIpsCommand command, ExhaustionPolicy policy, ClusterStatuses statuses) {
        List<IpAllocationOutcome> outcomes = new ArrayList<>();
        for (AllocateIpsCommand.IpRequest request : command.requests()) {
            if (request.callerTenants() != null && !request.callerTenants().contains(tenant)) {
                outcomes.add(new IpAllocationOutcome.Refused(ErrorKind.NOT_FOUND, "subnet-not-found", "no subnet " + request.subnetId()));
                continue;
            }
            MetaData trace = MetaData.with("traceId", request.traceId()).and("actor", request.actor());
            if (request.actorKeyId() != null) {
                trace = trace.and("actorKeyId", request.actorKeyId());
            }
            if (request.quotaReservation() != null) {
                // the quota's usage processor consumes the reservation as it counts the address
                trace = trace.and(QuotaMetaData.RESERVATION, request.quotaReservation());
            }
            try {
                outcomes.add(allocate(request.subnetId(), request.clusterId(), request.owner(), request.reuseHeld(), policy,
                        statuses, trace));
            } catch (DomainException refused) {
                outcomes.add(new IpAllocationOutcome.Refused(refused.kind(), refused.code(), refused.getMessage()));
            }
        }
        return outcomes;
    }

    /** Checks everything before applying anything, so a refusal leaves no event behind. */
    /** @param reuseHeld an owner that already holds an address of the cluster in this IDC gets that one back (a retried server step) */
    private IpAllocationOutcome allocate(SubnetId subnetId, ClusterId clusterId, String owner, boolean reuseHeld,
                                         ExhaustionPolicy policy, ClusterStatuses statuses, MetaData trace) {
        require(notBlank(owner) && owner.length() <= 255, ErrorKind.BAD_INPUT, "invalid-owner",
                "owner is required (at most 255 characters)");
        SubnetState requested = subnet(subnetId);
        String cluster = clusterId.value();
        require(clustersOf(requested.idc).contains(cluster), ErrorKind.RULE_VIOLATION, "cluster-not-in-subnet",
                "cluster " + cluster + " has no slices in the subnets of IDC " + requested.idc);
        if (reuseHeld) {
            for (SubnetState subnet : subnets.values()) {
                if (subnet.idc.equals(requested.idc)) {
                    Optional<Ipv4> held = subnet.heldBy(owner, cluster);
                    if (held.isPresent()) {
                        return subnet.allocated(held.get(), cluster);
                    }
                }
            }
        }

        Optional<IpAllocationOutcome> allocated = allocateReady(requested, cluster, owner, trace);
        if (allocated.isPresent()) {
            topUpBelowWatermark(requested, cluster, policy, statuses, trace);
            return allocated.get();
        }
        if (!pendingSlicesOf(requested.idc, cluster)) {
            Set<String> draining = drainingIn(requested.idc, statuses);
            require(!draining.contains(cluster), ErrorKind.RULE_VIOLATION, "cluster-draining", "cluster " + cluster
                    + " is draining: it keeps the addresses it has but gets no new slices, and has no free address left");
            ExhaustionDecision decision = policy.onExhausted(viewOf(requested.idc, draining), cluster, requested.cidr);
            if (decision instanceof ExhaustionDecision.VpcExhausted exhausted) {
                throw new DomainException(ErrorKind.RULE_VIOLATION, "vpc-exhausted", exhausted.message());
            }
            applyDecision(decision, requested.idc, trace);
        }
        return new IpAllocationOutcome.Pending("addresses for cluster " + cluster + " are being provisioned in Neutron");
    }

    /**
     * A cluster that joined the IDC after some of the VPC's subnets were planned gets a slice in each of them it has
     * none in (the slice the initial plan would have given it, when it is spare), made real in its Neutron by the
     * subnet saga. Where no slice is spare that is recorded, once; the cluster then counts as one of the IDC's
     * clusters, so its first allocation follows the exhaustion rules. A draining cluster gets nothing.
     */
    @CommandHandler
    public void handle(GrantClusterSlicesCommand command, ClusterStatuses statuses) {
        String cluster = command.clusterId().value();
        List<SubnetState> missing = subnets.values().stream().filter(s -> s.idc.equals(command.idc()) && !s.knows(cluster))
                .sorted(Comparator.comparing(s -> s.cidr)).toList();
        if (missing.isEmpty() || statuses.drainingIn(command.idc()).contains(command.clusterId())) {
            return;
        }
        for (SubnetState subnet : missing) {
            Optional<Integer> slice = SlicePlanner.sliceForNewcomer(subnet.plan);
            if (slice.isPresent()) {
                applyPlan(subnet, subnet.plan.assign(slice.get(), cluster), cluster, "cluster joined IDC " + subnet.idc,
                        MetaData.emptyInstance());
            } else {
                apply(new ClusterSliceUnavailableEvent(vpcId, subnet.id, subnet.idc, command.clusterId(), "no spare slice in subnet "
                        + subnet.cidr + " for cluster " + cluster + ", which joined IDC " + subnet.idc
                        + ": it gets addresses by the exhaustion rules when it first allocates"));
            }
        }
    }

    @CommandHandler
    public void handle(ReleaseIpCommand command) {
        SubnetState subnet = subnet(command.subnetId());
        Ipv4 address = parseAddress(command.address());
        String holder = subnet.holders.get(address);
        require(holder != null, ErrorKind.CONFLICT, "address-not-held", command.address() + " is not allocated");
        require(holder.equals(command.owner()), ErrorKind.CONFLICT, "address-held-by-another",
                command.address() + " is held by another owner");
        apply(new IpReleasedEvent(vpcId, subnet.id, ClusterId.of(subnet.clusterOf.get(address)), command.address(), holder));
    }

    /**
     * Adoption of a server made outside Ultron: its own address, if the cluster may hand it out here (one of its blocks,
     * not the subnet's network, gateway or broadcast address) and nobody holds it.
     */
    @CommandHandler
    public void handle(ClaimIpCommand command) {
        SubnetState subnet = subnet(command.subnetId());
        Ipv4 address = parseAddress(command.address());
        String cluster = command.clusterId().value();
        require(subnet.plan.blocksOf(cluster).stream().anyMatch(block -> block.contains(address)) && !subnet.plan.isReserved(address),
                ErrorKind.CONFLICT, "address-outside-cluster-slices", command.address() + " is not in the slices of cluster "
                        + cluster + " in subnet " + subnet.cidr);
        String holder = subnet.holders.get(address);
        if (command.owner().equals(holder)) {
            return;
        }
        require(holder == null, ErrorKind.CONFLICT, "address-in-use", command.address() + " is held by " + holder);
        apply(new IpAllocatedEvent(vpcId, subnet.id, command.clusterId(), command.address(), command.owner()));
    }

    /** Whatever address the server holds of the cluster in the subnet's IDC is released; nothing when it holds none. */
    @CommandHandler
    public void handle(ReleaseServerAddressCommand command) {
        String idc = subnet(command.subnetId()).idc;
        String owner = command.serverId().value();
        for (SubnetState subnet : subnets.values()) {
            if (subnet.idc.equals(idc)) {
                Optional<Ipv4> held = subnet.heldBy(owner, command.clusterId().value());
                if (held.isPresent()) {
                    apply(new IpReleasedEvent(vpcId, subnet.id, command.clusterId(), held.get().toString(), owner));
                    return;
                }
            }
        }
    }

    @CommandHandler
    public void handle(DeleteSubnetCommand command) {
        SubnetState subnet = subnet(command.subnetId());
        require(subnet.isEmpty(), ErrorKind.CONFLICT, "subnet-in-use", "the subnet still holds allocated addresses");
        List<ClusterId> clusters = subnet.plan.clusters().stream().map(ClusterId::of).toList();
        apply(new SubnetDeletedEvent(vpcId, subnet.id, subnet.cidr.toString(), clusters));
    }

    @CommandHandler
    public void handle(RecordSlicesProvisionedCommand command) {
        SubnetState subnet = subnet(command.subnetId());
        String cluster = command.clusterId().value();
        boolean repairing = subnet.drifted.contains(cluster);
        apply(new ClusterSlicesProvisionedEvent(vpcId, command.subnetId(), command.clusterId(), command.revision(),
                command.neutronNetworkId(), command.neutronSubnetId()));
        if (repairing && !subnet.hasPendingSlices(cluster)) {
            apply(new NeutronSubnetRepairedEvent(vpcId, subnet.id, command.clusterId(), command.revision(),
                    command.neutronSubnetId(), SubnetState.poolsFor(subnet.plan, cluster)));
        }
    }

    /**
     * What sync read of the subnet's Neutron copy in a cluster. Recorded only when it differs from the pools Neutron
     * was last given and nothing is on its way to Neutron already: while the cluster has slices pending, or a repair
     * is under way, the saga's next call sets the pools anyway. A subnet or cluster Ultron no longer has there (sync
     * read a view a moment behind) is nothing to record.
     */
    @CommandHandler
    public void handle(RecordNeutronSubnetDriftCommand command) {
        SubnetState subnet = subnets.get(command.subnetId());
        String cluster = command.clusterId().value();
        if (subnet == null || !subnet.plan.clusters().contains(cluster) || subnet.hasPendingSlices(cluster)
                || subnet.drifted.contains(cluster) || !subnet.provisionedIn(cluster)) {
            return;
        }
        List<String> expected = SubnetState.poolsFor(subnet.plan, cluster);
        boolean missing = command.neutronSubnetId() == null;
        if (!missing && samePools(expected, command.observedPools())) {
            return;
        }
        apply(new NeutronSubnetDriftedEvent(vpcId, subnet.id, command.clusterId(), missing, expected,
                command.observedPools(), subnet.revisions.getOrDefault(cluster, 0)));
    }

    private static boolean samePools(List<String> expected, List<String> observed) {
        try {
            Set<String> seen = observed.stream().map(pool -> AllocationPool.parse(pool).toString()).collect(Collectors.toSet());
            return observed.size() == expected.size() && seen.equals(new HashSet<>(expected));
        } catch (IllegalArgumentException unreadable) {
            return false;
        }
    }

    @CommandHandler
    public void handle(RecordSlicesProvisioningFailedCommand command) {
        subnet(command.subnetId());
        apply(new ClusterSlicesProvisioningFailedEvent(vpcId, command.subnetId(), command.clusterId(), command.revision(),
                command.reason(), command.attempt()));
    }

    // ---- decisions

    private Optional<IpAllocationOutcome> allocateReady(SubnetState requested, String cluster, String owner, MetaData trace) {
        List<SubnetState> candidates = new ArrayList<>();
        candidates.add(requested);
        subnets.values().stream().filter(s -> s != requested && s.idc.equals(requested.idc)).forEach(candidates::add);
        for (SubnetState subnet : candidates) {
            Optional<Ipv4> free = subnet.lowestReadyFree(cluster);
            if (free.isPresent()) {
                apply(new IpAllocatedEvent(vpcId, subnet.id, ClusterId.of(cluster), free.get().toString(), owner), trace);
                return Optional.of(subnet.allocated(free.get(), cluster));
            }
        }
        return Optional.empty();
    }

    /** Starts the next slice early, so that allocations rarely have to wait for Neutron. */
    private void topUpBelowWatermark(SubnetState requested, String cluster, ExhaustionPolicy policy, ClusterStatuses statuses,
                                     MetaData trace) {
        if (pendingSlicesOf(requested.idc, cluster)) {
            return;
        }
        // the common case, checked without building the IDC's occupancy view (which copies every address in use)
        int free = subnets.values().stream().filter(s -> s.idc.equals(requested.idc)).mapToInt(s -> s.freeOf(cluster)).sum();
        if (!policy.belowWatermark(free)) {
            return;
        }
        Set<String> draining = drainingIn(requested.idc, statuses);
        if (draining.contains(cluster)) {
            return;
        }
        policy.onLowWatermark(viewOf(requested.idc, draining), cluster, requested.cidr)
                .filter(decision -> !(decision instanceof ExhaustionDecision.VpcExhausted))
                .ifPresent(decision -> applyDecision(decision, requested.idc, trace));
    }

    private void applyDecision(ExhaustionDecision decision, String idc, MetaData trace) {
        if (decision instanceof ExhaustionDecision.TakeSpareSlice take) {
            addSlice(take.subnet(), take.slice(), take.cluster(), "spare slice of the same subnet", trace);
        } else if (decision instanceof ExhaustionDecision.TakeSpareSliceOfOtherSubnet take) {
            addSlice(take.subnet(), take.slice(), take.cluster(), "spare slice of another subnet", trace);
        } else if (decision instanceof ExhaustionDecision.LendHalfSlice lend) {
            lendHalf(lend, trace);
        } else if (decision instanceof ExhaustionDecision.NewSubnet fresh) {
            applyNewSubnet(idc, fresh.plan(), "new subnet for " + fresh.cluster(), trace);
        } else {
            throw new IllegalStateException("not a decision to apply: " + decision);
        }
    }

    private void addSlice(Cidr subnetCidr, int slice, String cluster, String reason, MetaData trace) {
        SubnetState subnet = subnetIn(subnetCidr).orElseThrow();
        applyPlan(subnet, subnet.plan.assign(slice, cluster), cluster, reason, trace);
    }

    /**
     * The lender's pools shrink first (it stops handing out the half at once), then the borrower's grow
     * (it hands the half out once Neutron has its new revision).
     */
    private void lendHalf(ExhaustionDecision.LendHalfSlice lend, MetaData trace) {
        SubnetState subnet = subnetIn(lend.subnet()).orElseThrow();
        SlicePlan next = subnet.plan.lend(lend.halfIndex(), lend.borrower());
        Cidr half = next.half(lend.halfIndex());
        applyPlan(subnet, next, lend.lender(), "upper half " + half + " of slice " + lend.slice() + " lent to " + lend.borrower(), trace);
        applyPlan(subnet, next, lend.borrower(), "upper half " + half + " of slice " + lend.slice() + " borrowed from "
                + lend.lender(), trace);
    }

    private SubnetId applyNewSubnet(String idc, SlicePlan plan, String reason, MetaData trace) {
        SubnetId id = SubnetId.of(vpcId, subnetsEverAllocated + 1);
        apply(new SubnetAllocatedEvent(vpcId, id, idc, plan.subnet().toString(), plan.gateway().toString()), trace);
        SubnetState subnet = subnets.get(id);
        for (String cluster : plan.clusters()) {
            applyPlan(subnet, plan, cluster, reason, trace);
        }
        return id;
    }

    /** {@code cluster}'s part of the subnet's next plan: its slices, pools and loans. */
    private void applyPlan(SubnetState subnet, SlicePlan next, String cluster, String reason, MetaData trace) {
        apply(new ClusterSlicesChangedEvent(vpcId, subnet.id, subnet.idc, subnet.cidr.toString(), next.gateway().toString(),
                ClusterId.of(cluster), next.slicesOf(cluster), SubnetState.poolsFor(next, cluster), subnet.nextRevision(cluster),
                reason, SubnetState.loansOf(next, cluster)), trace);
    }

    private boolean pendingSlicesOf(String idc, String cluster) {
        return subnets.values().stream().anyMatch(s -> s.idc.equals(idc) && s.hasPendingSlices(cluster));
    }

    /**
     * The IDC as the exhaustion policy sees it. Its clusters are those with slices or loans in the VPC's subnets there,
     * and those that joined when no slice was spare, less the draining ones: a draining cluster keeps its addresses
     * but gets no new slice, not even a reserve slice of a new subnet.
     */
    private VpcInIdc viewOf(String idc, Set<String> draining) {
        List<SubnetOccupancy> inIdc = subnets.values().stream().filter(s -> s.idc.equals(idc)).map(SubnetState::occupancy).toList();
        Set<String> clusters = clustersOf(idc);
        clusters.removeAll(draining);
        Set<Cidr> all = subnets.values().stream().map(s -> s.cidr).collect(Collectors.toSet());
        return VpcInIdc.of(block, all, inIdc, clusters);
    }

    /** The clusters the VPC serves in {@code idc}: with slices or loans in its subnets there, or told none was spare. */
    private Set<String> clustersOf(String idc) {
        Set<String> clusters = new HashSet<>();
        for (SubnetState subnet : subnets.values()) {
            if (subnet.idc.equals(idc)) {
                clusters.addAll(subnet.plan.clusters());
                clusters.addAll(subnet.withoutSlice);
            }
        }
        return clusters;
    }

    /** Read only when a decision may hand out a new slice: it is a database read. */
    private static Set<String> drainingIn(String idc, ClusterStatuses statuses) {
        return statuses.drainingIn(idc).stream().map(ClusterId::value).collect(Collectors.toSet());
    }

    private Cidr requestedSubnet(String text) {
        Cidr requested;
        try {
            requested = Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DomainException(ErrorKind.BAD_INPUT, "invalid-cidr", e.getMessage());
        }
        require(requested.prefix() == SlicePlan.SUBNET_PREFIX, ErrorKind.BAD_INPUT, "invalid-cidr",
                "a subnet is a /" + SlicePlan.SUBNET_PREFIX + ", not " + requested);
        require(block.contains(requested), ErrorKind.RULE_VIOLATION, "cidr-outside-vpc", requested + " is not inside the VPC's " + block);
        require(subnetIn(requested).isEmpty(), ErrorKind.CONFLICT, "cidr-taken", requested + " is already a subnet of the VPC");
        return requested;
    }

    private Optional<Cidr> nextFreeSubnet() {
        Set<Cidr> taken = subnets.values().stream().map(s -> s.cidr).collect(Collectors.toSet());
        if (taken.size() >= MAX_SUBNETS) {
            return Optional.empty();
        }
        return block.split(SlicePlan.SUBNET_PREFIX).stream().filter(s -> !taken.contains(s)).findFirst();
    }

    private Optional<SubnetState> subnetIn(Cidr cidr) {
        return subnets.values().stream().filter(s -> s.cidr.equals(cidr)).findFirst();
    }

    private SubnetState subnet(SubnetId id) {
        SubnetState subnet = subnets.get(id);
        if (subnet == null) {
            throw new DomainException(ErrorKind.NOT_FOUND, "subnet-not-found", "no subnet " + id + " in VPC " + vpcId);
        }
        return subnet;
    }

    private static Ipv4 parseAddress(String text) {
        try {
            return Ipv4.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DomainException(ErrorKind.BAD_INPUT, "invalid-address", e.getMessage());
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static void require(boolean condition, ErrorKind kind, String code, String message) {
        if (!condition) {
            throw new DomainException(kind, code, message);
        }
    }

    // ---- state

    @EventSourcingHandler
    void on(VpcCreatedEvent event) {
        vpcId = event.vpcId();
        area = event.area();
        tenant = event.tenant();
        block = Cidr.parse(event.cidr());
    }

    @EventSourcingHandler
    void on(SubnetAllocatedEvent event) {
        subnetsEverAllocated++;
        subnets.put(event.subnetId(), new SubnetState(event.subnetId(), event.idc(), Cidr.parse(event.cidr())));
    }

    @EventSourcingHandler
    void on(ClusterSlicesChangedEvent event) {
        subnets.get(event.subnetId()).slicesChanged(event.clusterId().value(), event.slices(), event.loans(), event.revision());
    }

    @EventSourcingHandler
    void on(ClusterSliceUnavailableEvent event) {
        subnets.get(event.subnetId()).withoutSlice.add(event.clusterId().value());
    }

    @EventSourcingHandler
    void on(ClusterSlicesProvisionedEvent event) {
        subnets.get(event.subnetId()).slicesProvisioned(event.clusterId().value(), event.revision(),
                event.neutronNetworkId(), event.neutronSubnetId());
    }

    @EventSourcingHandler
    void on(NeutronSubnetDriftedEvent event) {
        subnets.get(event.subnetId()).drifted.add(event.clusterId().value());
    }

    @EventSourcingHandler
    void on(NeutronSubnetRepairedEvent event) {
        subnets.get(event.subnetId()).drifted.remove(event.clusterId().value());
    }

    @EventSourcingHandler
    void on(IpAllocatedEvent event) {
        SubnetState subnet = subnets.get(event.subnetId());
        Ipv4 address = Ipv4.parse(event.address());
        subnet.holders.put(address, event.owner());
        subnet.clusterOf.put(address, event.clusterId().value());
    }

    @EventSourcingHandler
    void on(IpReleasedEvent event) {
        SubnetState subnet = subnets.get(event.subnetId());
        Ipv4 address = Ipv4.parse(event.address());
        subnet.holders.remove(address);
        subnet.clusterOf.remove(address);
    }

    @EventSourcingHandler
    void on(SubnetDeletedEvent event) {
        subnets.remove(event.subnetId());
    }

    @EventSourcingHandler
    void on(VpcDeletedEvent event) {
        markDeleted();
    }
}
