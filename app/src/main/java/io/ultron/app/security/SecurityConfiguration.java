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

import java.util.List;

/**
 * Stateless security on every route: an API key (see {@link ApiKeyAuthenticationProvider}) or, with an OIDC issuer
 * configured, a JWT from it (see {@link OidcTokens}) per request, told apart by {@link CredentialsConverter}; no
 * session, no cookies, no CSRF (nothing is authenticated by the browser). Both give roles, checked by the same route
 * rules, first match wins:
 * <ul>
 *   <li>open, credentials ignored: {@code /actuator/health} (probes carry no credentials, and it must answer while
 *       the database that holds the keys is down) and the OpenAPI document and Swagger UI (they describe the API,
 *       hold no data, and clients are generated from them);</li>
 *   <li>admin: every other actuator endpoint, {@code /api/v1/admin/**} (keys, rebuilds) except what operators do,
 *       cluster registration and changes, and any {@code /api/v1} route not named below;</li>
 *   <li>admin, operator: reads under {@code /api/v1/admin} and {@code /api/v1/drift}, dead-letter retries, draining and
 *       enabling clusters;</li>
 *   <li>admin, member: changes of tenant resources (VPCs, subnets, addresses, servers, batches);</li>
 *   <li>every role: reads ({@code GET}) under {@code /api/v1}.</li>
 * </ul>
 * Which tenants a caller may see and change is decided after these rules, per resource: see {@link CallerScopes}.
 */
@Configuration
class SecurityConfiguration {

    static final String ADMIN = ApiRoleName.ADMIN.value();
    static final String OPERATOR = ApiRoleName.OPERATOR.value();
    static final String MEMBER = ApiRoleName.MEMBER.value();
    static final String VIEWER = ApiRoleName.VIEWER.value();

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiKeyAuthenticationProvider keys, OidcProperties oidc,
                                            SecurityProblems problems) throws Exception {
        var contexts = new RequestAttributeSecurityContextRepository();
        RequestMatcher open = new OrRequestMatcher(EndpointRequest.to(HealthEndpoint.class),
                PathPatternRequestMatcher.withDefaults().matcher("/v3/api-docs"),
                PathPatternRequestMatcher.withDefaults().matcher("/v3/api-docs/**"),
                PathPatternRequestMatcher.withDefaults().matcher("/v3/api-docs.yaml"),
                PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui.html"),
                PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**"));
        // API keys always; JWTs only with an issuer configured (without one, a JWT is an unknown API key: 401)
        var providers = new ProviderManager(oidc.enabled() ? List.of(keys, OidcTokens.provider(oidc)) : List.of(keys));
        var credentials = new AuthenticationFilter(providers, new CredentialsConverter(oidc.enabled()));
        // open routes ignore credentials: health must answer (with its details) while the database, which holds
        // the keys, is down
        credentials.setRequestMatcher(new NegatedRequestMatcher(open));
        credentials.setSecurityContextRepository(contexts);
        credentials.setFailureHandler(problems);
        credentials.setSuccessHandler((request, response, authentication) -> {
            // the actor of every command this request sends (TraceMessageInterceptors); TraceIdFilter clears it
            MDC.put(Trace.ACTOR_KEY, authentication.getName());
            if (authentication instanceof ApiKeyAuthentication key) {
                MDC.put(Trace.ACTOR_KEY_ID_KEY, key.keyId());
            }
        });
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context.securityContextRepository(contexts))
                .addFilterBefore(credentials, AnonymousAuthenticationFilter.class)
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
                        // servers of no tenant, seen in the clusters: fleet information
                        .requestMatchers(HttpMethod.GET, "/api/v1/drift/**", "/api/v1/drift").hasAnyRole(ADMIN, OPERATOR)
                        .requestMatchers(HttpMethod.GET, "/api/v1/**").hasAnyRole(ADMIN, OPERATOR, MEMBER, VIEWER)
                        .requestMatchers("/api/v1/vpcs/**", "/api/v1/subnets/**", "/api/v1/servers/**", "/api/v1/batches/**")
                        .hasAnyRole(ADMIN, MEMBER)
                        .requestMatchers("/api/v1/**").hasRole(ADMIN)
                        .anyRequest().authenticated());
        return http.build();
    }
}
