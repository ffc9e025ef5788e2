package io.ultron.bench.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.app.security.ApiKey;
import io.ultron.app.security.ApiKeys;
import io.ultron.app.security.BenchCallers;
import io.ultron.app.trace.Trace;
import io.ultron.bench.support.BenchMain;
import io.ultron.bench.support.BenchNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * What authentication costs, side by side on one node: the same requests with an API key and without any. Two
 * operations: the server list ({@code GET /api/v1/servers?size=20}, empty: the cheapest request, so authentication's
 * largest share) as a member of tenant {@code bench}, and registering a cluster ({@code POST /api/v1/clusters}: one
 * command and event) as the admin. Within a round the two variants take turns every tenth of the round's requests
 * (the machine's load changes within seconds: one variant's whole block after the other's measured that as much as
 * authentication), and rounds alternate which variant goes first.
 * <p>
 * Only authentication differs. A secured request goes through Ultron's chain: its key read from the header, hashed,
 * looked up ({@code KnownApiKeys}: the node's copy while the revocation revision its poller last confirmed in Redis
 * is unchanged, else the database; with {@code ULTRON_SECURITY_API_KEYS_MAX_AGE=0} in the environment, the database
 * at every request), compared, and the caller's authentication made. An open request carries {@code X-Bench-Open: <key id>}
 * and goes through a chain of this benchmark's own ({@link OpenChain}), which puts the authentication Ultron's chain
 * would have made for that key (same principal, key id, roles and tenants, same actor in the log context) into the
 * security context, taken from a map filled at start: no header parsing, hashing or look-up (and no route rules: it
 * permits every request, so the roles' check counts on the secured side). After the chains both run alike: tenant
 * scope (the member's list is narrowed to {@code tenant IN ('bench')} in both: the anonymous open variant this had
 * before ran {@code 1 = 0} instead, a cheaper query, which was counted as authentication's cost), controller, query
 * and command. The per-caller rate limit is off ({@code per-second=0}) for both: it counts by
 * authenticated caller, so it would count both variants alike.
 *
 * <p>Arguments: {@code [threads] [requests-per-round] [rounds]} (defaults 8, 2000, 5).
 */
public final class AuthCostBenchmark {

    private static final String OPEN_HEADER = "X-Bench-Open";
    /** Slices per round and variant, see {@link #interleaved}. */
    private static final int SLICES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    public static void main(String[] args) {
        BenchMain.run(args, AuthCostBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (BenchNode node = BenchNode.start(threads, List.of(OpenChain.class),
                "--ultron.security.rate-limit.per-second=0", "--ultron.security.rate-limit.admin-per-second=0",
                BenchNode.NO_CAPACITY_JOB, BenchNode.NO_SYNC)) {
            HttpResponse<String> created = node.post("/api/v1/admin/api-keys",
                    "{\"principal\":\"bench-member\",\"roles\":[\"member\"],\"tenants\":[\"bench\"]}");
            if (created.statusCode() != 201) {
                throw new IllegalStateException("key not created: " + created.body());
            }
            String memberKey = JSON.readTree(created.body()).get("key").asText();
            String memberKeyId = JSON.readTree(created.body()).get("id").asText();
            // the open variant runs as the same callers: the member for the list, the bootstrap admin for registering
            OpenChain.OpenCallers open = node.bean(OpenChain.OpenCallers.class);
            ApiKey member = node.bean(ApiKeys.class).list().stream().filter(key -> key.id().equals(memberKeyId)).findFirst()
                    .orElseThrow();
            ApiKey admin = node.bean(ApiKeys.class).list().stream().filter(key -> key.principal().equals("bootstrap-admin"))
                    .findFirst().orElseThrow();
            open.add(member);
            open.add(admin);

            IntConsumer listSecured = i -> expect(200, node.get("/api/v1/servers?size=20", "Authorization", "Bearer " + memberKey));
            IntConsumer listOpen = i -> expect(200, node.get("/api/v1/servers?size=20", OPEN_HEADER, member.id()));
            IntConsumer registerSecured = i -> expect(201, node.post("/api/v1/clusters", "application/json", cluster(),
                    "Authorization", "Bearer " + BenchNode.ADMIN_KEY));
            IntConsumer registerOpen = i -> expect(201, node.post("/api/v1/clusters", "application/json", cluster(),
                    OPEN_HEADER, admin.id()));

            // warm-up: a round's worth of each, in two alternating halves (with a quarter round, the first round was
            // still compiling: both variants took about twice as long as in later rounds, the first one more)
            int registrations = Math.max(1, perRound / 10);
            for (int pass = 0; pass < 2; pass++) {
                BenchNode.timed(threads, perRound / 2, listSecured);
                BenchNode.timed(threads, perRound / 2, listOpen);
                BenchNode.timed(threads, Math.max(1, registrations / 2), registerSecured);
                BenchNode.timed(threads, Math.max(1, registrations / 2), registerOpen);
            }

            System.out.printf("%nauthentication's cost, %d client threads, one node: seconds per round, with a key / without%n", threads);
            System.out.printf("%-6s %22s %22s %9s %26s %26s %9s%n", "round", "list secured s", "list open s", "ratio",
                    "register secured s", "register open s", "ratio");
            List<Double> listRatios = new ArrayList<>();
            List<Double> registerRatios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                boolean securedFirst = round % 2 == 1;
                double[] list = interleaved(threads, perRound, SLICES, securedFirst, listSecured, listOpen);
                double[] register = interleaved(threads, registrations, SLICES, securedFirst, registerSecured, registerOpen);
                double listS = list[0];
                double listO = list[1];
                double regS = register[0];
                double regO = register[1];
                listRatios.add(listS / listO);
                registerRatios.add(regS / regO);
                System.out.printf("%-6d %22.2f %22.2f %9.3f %26.2f %26.2f %9.3f%n", round, listS, listO, listS / listO,
                        regS, regO, regS / regO);
            }
            System.out.printf("requests per round: %d server lists, %d registrations%n", perRound, registrations);
            System.out.printf("median ratio with a key / without, server list: %.3f%n", median(listRatios));
            System.out.printf("median ratio with a key / without, registering a cluster: %.3f%n", median(registerRatios));
        }
    }

    /**
     * {@code total} calls of each variant in {@code slices} slices, alternating between the variants slice by slice
     * (starting with the secured one or not), so that a machine whose load changes over a round slows both alike;
     * answers the seconds each variant took in all.
     */
    private static double[] interleaved(int threads, int total, int slices, boolean securedFirst, IntConsumer secured,
                                        IntConsumer open) {
        double[] seconds = new double[2];
        for (int slice = 0; slice < slices; slice++) {
            int calls = total / slices + (slice < total % slices ? 1 : 0);
            boolean securedNow = (slice % 2 == 0) == securedFirst;
            for (int variant = 0; variant < 2; variant++) {
                boolean isSecured = (variant == 0) == securedNow;
                seconds[isSecured ? 0 : 1] += BenchNode.timed(threads, calls, isSecured ? secured : open);
            }
        }
        return seconds;
    }

    private static String cluster() {
        int n = CLUSTERS.incrementAndGet();
        return """
                {"name":"auth-%d","area":"bench","idc":"auth-idc-%d","keystoneUrl":"https://keystone.auth-%d.example:5000/v3",
                 "credentialsRef":"clusters/auth-%d","release":"zed","capabilities":["CLOUD_DISK"],"maxConcurrentCalls":20}
                """.formatted(n, n, n, n);
    }

    private static void expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.statusCode() + ": " + response.body());
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * This benchmark's "without": a request that carries {@code X-Bench-Open: <key id>} is let through by a chain of
     * its own as the caller of that key, with the authentication Ultron's chain would have made for it (same class,
     * principal, key id, roles and tenants, and the same actor in the MDC), taken from a map filled at start: no
     * credentials read, no hash, no look-up. Everything after authentication (route rules, tenant scope, rate limit,
     * controller, query) then runs exactly as for the secured request.
     */
    @Configuration
    static class OpenChain {

        /** The callers open requests may name, by key id. */
        static final class OpenCallers {
            private final Map<String, ApiKey> byId = new ConcurrentHashMap<>();

            void add(ApiKey key) {
                byId.put(key.id(), key);
            }
        }

        @Bean
        OpenCallers openCallers() {
            return new OpenCallers();
        }

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        SecurityFilterChain benchOpenRequests(HttpSecurity http, OpenCallers callers) throws Exception {
            OncePerRequestFilter asCaller = new OncePerRequestFilter() {
                @Override
                protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                        throws ServletException, IOException {
                    ApiKey key = callers.byId.get(request.getHeader(OPEN_HEADER));
                    if (key == null) {
                        response.sendError(HttpServletResponse.SC_BAD_REQUEST, "unknown bench caller");
                        return;
                    }
                    Authentication caller = BenchCallers.authenticated(key);
                    SecurityContext context = SecurityContextHolder.createEmptyContext();
                    context.setAuthentication(caller);
                    SecurityContextHolder.setContext(context);
                    // as Ultron's chain's success handler does
                    MDC.put(Trace.ACTOR_KEY, caller.getName());
                    MDC.put(Trace.ACTOR_KEY_ID_KEY, BenchCallers.keyId(caller));
                    chain.doFilter(request, response);
                }
            };
            return http.securityMatcher(request -> request.getHeader(OPEN_HEADER) != null)
                    .csrf(csrf -> csrf.disable())
                    .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .addFilterBefore(asCaller, AnonymousAuthenticationFilter.class)
                    .authorizeHttpRequests(rules -> rules.anyRequest().permitAll())
                    .build();
        }
    }
}
