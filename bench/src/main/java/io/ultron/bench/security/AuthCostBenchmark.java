package io.ultron.bench.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.bench.support.BenchMain;
import io.ultron.bench.support.BenchNode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * What authentication costs, side by side on one node: the same requests with an API key (looked up in the
 * database, counted by the per-caller rate limit in Redis) and without any (a filter chain of this benchmark's own,
 * {@link OpenChain}, lets requests that carry {@code X-Bench-Open} through unauthenticated). Two operations: the
 * server list ({@code GET /api/v1/servers}, empty: the cheapest request, so authentication's largest share) as a
 * member, and registering a cluster ({@code POST /api/v1/clusters}: one command and event) as the admin. The rate
 * limits are set far above what the benchmark sends, so that every secured request is counted but none refused.
 * Rounds alternate which variant goes first.
 *
 * <p>Arguments: {@code [threads] [requests-per-round] [rounds]} (defaults 8, 2000, 5).
 */
public final class AuthCostBenchmark {

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
                BenchNode.NO_CAPACITY_JOB)) {
            HttpResponse<String> created = node.post("/api/v1/admin/api-keys",
                    "{\"principal\":\"bench-member\",\"roles\":[\"member\"],\"tenants\":[\"bench\"]}");
            if (created.statusCode() != 201) {
                throw new IllegalStateException("key not created: " + created.body());
            }
            String memberKey = JSON.readTree(created.body()).get("key").asText();

            IntConsumer listSecured = i -> expect(200, node.get("/api/v1/servers?size=20", "Authorization", "Bearer " + memberKey));
            IntConsumer listOpen = i -> expect(200, node.get("/api/v1/servers?size=20", "X-Bench-Open", "1"));
            IntConsumer registerSecured = i -> expect(201, node.post("/api/v1/clusters", "application/json", cluster(),
                    "Authorization", "Bearer " + BenchNode.ADMIN_KEY));
            IntConsumer registerOpen = i -> expect(201, node.post("/api/v1/clusters", "application/json", cluster(),
                    "X-Bench-Open", "1"));

            // warm-up
            BenchNode.timed(threads, perRound / 4, listSecured);
            BenchNode.timed(threads, perRound / 4, listOpen);
            BenchNode.timed(threads, perRound / 20, registerSecured);
            BenchNode.timed(threads, perRound / 20, registerOpen);

            System.out.printf("%nauthentication's cost, %d client threads, one node: seconds per round, with a key / without%n", threads);
            System.out.printf("%-6s %22s %22s %9s %26s %26s %9s%n", "round", "list secured s", "list open s", "ratio",
                    "register secured s", "register open s", "ratio");
            List<Double> listRatios = new ArrayList<>();
            List<Double> registerRatios = new ArrayList<>();
            int registrations = Math.max(1, perRound / 10);
            for (int round = 1; round <= rounds; round++) {
                boolean securedFirst = round % 2 == 1;
                double listS = securedFirst ? BenchNode.timed(threads, perRound, listSecured) : 0;
                double listO = BenchNode.timed(threads, perRound, listOpen);
                if (!securedFirst) {
                    listS = BenchNode.timed(threads, perRound, listSecured);
                }
                double regS = securedFirst ? BenchNode.timed(threads, registrations, registerSecured) : 0;
                double regO = BenchNode.timed(threads, registrations, registerOpen);
                if (!securedFirst) {
                    regS = BenchNode.timed(threads, registrations, registerSecured);
                }
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

    /** This benchmark's "without": requests that carry {@code X-Bench-Open} pass every rule unauthenticated. */
    @Configuration
    static class OpenChain {

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        SecurityFilterChain benchOpenRequests(HttpSecurity http) throws Exception {
            return http.securityMatcher(request -> request.getHeader("X-Bench-Open") != null)
                    .csrf(csrf -> csrf.disable())
                    .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .authorizeHttpRequests(rules -> rules.anyRequest().permitAll())
                    .build();
        }
    }
}
