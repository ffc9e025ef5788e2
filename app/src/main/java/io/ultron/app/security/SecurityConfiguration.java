package io.ultron.app.security;

import io.ultron.app.trace.Trace;
import jakarta.servlet.DispatcherType;
import org.slf4j.MDC;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Stateless security on every route: an API key per request (see {@link ApiKeyAuthenticationProvider}), no session,
 * no cookies, no CSRF (nothing is authenticated by the browser). The route rules, first match wins:
 * <ul>
 *   <li>open, credentials ignored: {@code /actuator/health} (probes carry no credentials, and it must answer while
 *       the database that holds the keys is down) and the OpenAPI document and Swagger UI (they describe the API,
 *       hold no data, and clients are generated from them);</li>
 *   <li>admin: every other actuator endpoint, {@code /api/v1/admin/**} (keys, rebuilds) except what operators do,
 *       cluster registration and changes, and any {@code /api/v1} route not named below;</li>
 *   <li>admin, operator: reads under {@code /api/v1/admin}, dead-letter retries, draining and enabling clusters;</li>
 *   <li>admin, member: changes of tenant resources (VPCs, subnets, addresses, servers, batches);</li>
 *   <li>every role: reads ({@code GET}) under {@code /api/v1}.</li>
 * </ul>
 * Tenant-level checks (which tenants a key may touch) are not made here yet.
 */
@Configuration
class SecurityConfiguration {

    static final String ADMIN = ApiRoleName.ADMIN.value();
    static final String OPERATOR = ApiRoleName.OPERATOR.value();
    static final String MEMBER = ApiRoleName.MEMBER.value();
    static final String VIEWER = ApiRoleName.VIEWER.value();

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiKeyAuthenticationProvider keys, SecurityProblems problems)
            throws Exception {
        var contexts = new RequestAttributeSecurityContextRepository();
        RequestMatcher open = new OrRequestMatcher(EndpointRequest.to(HealthEndpoint.class),
                PathPatternRequestMatcher.withDefaults().matcher("/v3/api-docs"),
                PathPatternRequestMatcher.withDefaults().matcher("/v3/api-docs/**"),
                PathPatternRequestMatcher.withDefaults().matcher("/v3/api-docs.yaml"),
                PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui.html"),
                PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**"));
        var apiKeys = new AuthenticationFilter(new ProviderManager(keys), new ApiKeyAuthenticationConverter());
        // open routes ignore credentials: health must answer (with its details) while the database, which holds
        // the keys, is down
        apiKeys.setRequestMatcher(new NegatedRequestMatcher(open));
        apiKeys.setSecurityContextRepository(contexts);
        apiKeys.setFailureHandler(problems);
        apiKeys.setSuccessHandler((request, response, authentication) -> {
            // the actor of every command this request sends (TraceMessageInterceptors); TraceIdFilter clears it
            MDC.put(Trace.ACTOR_KEY, authentication.getName());
            MDC.put(Trace.ACTOR_KEY_ID_KEY, ((ApiKeyAuthentication) authentication).keyId());
        });
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context.securityContextRepository(contexts))
                .addFilterBefore(apiKeys, AnonymousAuthenticationFilter.class)
                .exceptionHandling(refusals -> refusals.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(routes -> routes
                        // the request was authorized when it came in; its async completion and error page are not new requests
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(open).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(ADMIN)
                        // and paths of endpoints this node does not have: 401/403 like the others, not a 404
                        .requestMatchers("/actuator/**").hasRole(ADMIN)
                        .requestMatchers("/api/v1/admin/api-keys/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/v1/admin/dead-letters/*/retry").hasAnyRole(ADMIN, OPERATOR)
                        .requestMatchers(HttpMethod.GET, "/api/v1/admin/**").hasAnyRole(ADMIN, OPERATOR)
                        .requestMatchers("/api/v1/admin/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/v1/clusters/*/drain", "/api/v1/clusters/*/enable")
                        .hasAnyRole(ADMIN, OPERATOR)
                        .requestMatchers(HttpMethod.GET, "/api/v1/**").hasAnyRole(ADMIN, OPERATOR, MEMBER, VIEWER)
                        .requestMatchers("/api/v1/vpcs/**", "/api/v1/subnets/**", "/api/v1/servers/**", "/api/v1/batches/**")
                        .hasAnyRole(ADMIN, MEMBER)
                        .requestMatchers("/api/v1/**").hasRole(ADMIN)
                        .anyRequest().authenticated());
        return http.build();
    }
}
