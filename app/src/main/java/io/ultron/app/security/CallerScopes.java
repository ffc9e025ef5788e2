package io.ultron.app.security;

import io.ultron.api.tenant.TenantScope;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The authenticated caller's {@link TenantScope}: admins and operators see every tenant, members and viewers the
 * tenants of their key or token. Given to controllers as a parameter, and put into the metadata of every command a
 * restricted caller's request sends, so that the aggregate of an existing resource can refuse another tenant's
 * caller (see {@link TenantScope#fromMetaData}).
 */
@Component
class CallerScopes implements WebMvcConfigurer, HandlerMethodArgumentResolver {

    private static final Set<String> EVERY_TENANT_ROLES = Set.of(ApiRoleName.ADMIN.authority(), ApiRoleName.OPERATOR.authority());

    static {
        // not a request parameter: the OpenAPI document must not offer it
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(TenantScope.class);
    }

    CallerScopes(CommandGateway commands) {
        commands.registerDispatchInterceptor(new MessageDispatchInterceptor<CommandMessage<?>>() {
            @Override
            public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
                return (index, command) -> {
                    TenantScope scope = current();
                    return scope.everyTenant() || command.getMetaData().containsKey(TenantScope.METADATA_KEY)
                            ? command : command.andMetaData(scope.asMetaData());
                };
            }
        });
    }

    /** Every tenant outside a request (sagas, schedulers) and for admins and operators. */
    static TenantScope current() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || !caller.isAuthenticated()) {
            return TenantScope.EVERY_TENANT;
        }
        if (caller.getAuthorities().stream().anyMatch(authority -> EVERY_TENANT_ROLES.contains(authority.getAuthority()))) {
            return TenantScope.EVERY_TENANT;
        }
        if (caller instanceof ApiKeyAuthentication key) {
            return TenantScope.of(key.tenants());
        }
        if (caller instanceof OidcAuthentication person) {
            return TenantScope.of(person.tenants());
        }
        return TenantScope.of(List.of());
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == TenantScope.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
                                  WebDataBinderFactory binders) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        // a route reached without an authenticated caller sees nothing (every /api/v1 route needs one anyway)
        return caller == null || !caller.isAuthenticated() ? TenantScope.of(List.of()) : current();
    }
}
