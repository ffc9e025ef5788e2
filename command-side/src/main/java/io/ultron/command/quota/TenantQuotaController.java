package io.ultron.command.quota;

import io.ultron.api.quota.DescribeTenantQuotaCommand;
import io.ultron.api.quota.QuotaLimits;
import io.ultron.api.quota.SetTenantQuotaCommand;
import io.ultron.api.quota.TenantQuotaView;
import io.ultron.api.tenant.TenantScope;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's quota across every cluster. PUT (admins only, see the security rules) sets all five limits: a limit
 * left out is unlimited. GET answers the limits and the usage the quota decides on, read from the tenant's
 * {@link TenantQuota} itself (its latest events, on any node); admins and operators any tenant, members and viewers
 * their own.
 */
@RestController
class TenantQuotaController {

    private static final String TENANT = "[^\\p{Cntrl}\\u202A-\\u202E\\u2066-\\u2069]{1,128}";

    private final CommandGateway commands;

    TenantQuotaController(CommandGateway commands) {
        this.commands = commands;
    }

    record QuotaRequest(@PositiveOrZero Long servers, @PositiveOrZero Long vcpus, @PositiveOrZero Long ramMb,
                        @PositiveOrZero Long addresses, @PositiveOrZero Long vpcs) {
    }

    @PutMapping("/api/v1/tenants/{tenant}/quota")
    TenantQuotaView set(@PathVariable @Pattern(regexp = TENANT) String tenant, @Valid @RequestBody QuotaRequest request) {
        commands.sendAndWait(new SetTenantQuotaCommand(tenant,
                new QuotaLimits(request.servers(), request.vcpus(), request.ramMb(), request.addresses(), request.vpcs())));
        return commands.sendAndWait(new DescribeTenantQuotaCommand(tenant));
    }

    @GetMapping("/api/v1/tenants/{tenant}/quota")
    TenantQuotaView get(@PathVariable @Pattern(regexp = TENANT) String tenant, TenantScope caller) {
        caller.requireMember(tenant);
        return commands.sendAndWait(new DescribeTenantQuotaCommand(tenant));
    }
}
