package io.ultron.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.Concurrently;
import io.ultron.app.support.EventStoreRows;
import io.ultron.app.support.Http;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.ultron.app.support.Clusters.registration;
import static io.ultron.app.support.Clusters.with;
import static io.ultron.app.support.Clusters.without;
import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal is an RFC 7807 problem with the trace id, and a refused request stores nothing. */
@UltronIntegrationTest
class ProblemResponsesIT extends ApiIntegrationTest {


    @AfterEach
    void cleanUp() {
        jdbc.update("DELETE FROM DomainEventEntry");
        jdbc.update("DELETE FROM cluster_name_claim");
    }

    static Stream<Arguments> badRegistrations() {
        var valid = registration("bad-input-probe");
        return Stream.of(
                Arguments.of("malformed JSON", "{\"name\": \"x\",", "invalid-body"),
                Arguments.of("not an object", "[1, 2]", "invalid-body"),
                Arguments.of("unknown field", with(valid, "password", "hunter2"), "invalid-body"),
                Arguments.of("wrong type", with(valid, "maxConcurrentCalls", "many"), "invalid-body"),
                Arguments.of("fraction for an integer", with(valid, "maxConcurrentCalls", 2.5), "invalid-body"),
                Arguments.of("unknown capability", with(valid, "capabilities", List.of("TELEPORT")), "invalid-body"),
                Arguments.of("missing name", without(valid, "name"), "invalid-field"),
                Arguments.of("blank IDC", with(valid, "idc", " "), "invalid-field"),
                Arguments.of("bad name", with(valid, "name", "Bad_Name"), "invalid-field"),
                Arguments.of("zero concurrency", with(valid, "maxConcurrentCalls", 0), "invalid-field"),
                Arguments.of("concurrency too high", with(valid, "maxConcurrentCalls", 100_000), "invalid-field"),
                Arguments.of("not a Keystone v3 URL", with(valid, "keystoneUrl", "ftp://keystone/v2.0"), "invalid-keystone-url"),
                Arguments.of("credentials inline in the URL", with(valid, "keystoneUrl", "https://admin:secret@keystone/v3"), "invalid-keystone-url"),
                Arguments.of("a secret instead of a reference", with(valid, "credentialsRef", "user:password@x"), "invalid-credentials-ref"),
                Arguments.of("oversized body", with(valid, "release", "x".repeat(70_000)), "body-too-large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRegistrations")
    void badInputIsRefusedWith400AndStoresNothing(String why, Object body, String code) {
        var response = http.post("/api/v1/clusters", body, "X-Request-Id", "bad-input-" + code);

        assertProblem(response, 400, code);
        assertThat(response.json().get("traceId").asText()).isEqualTo("bad-input-" + code);
        assertThat(EventStoreRows.count(jdbc)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cluster_name_claim", Integer.class)).isZero();
    }

    @Test
    void unknownClusterIs404ForEveryRoute() {
        assertProblem(http.get("/api/v1/clusters/cl-missing"), 404, "cluster-not-found");
        assertProblem(http.get("/api/v1/clusters/cl-missing/history"), 404, "cluster-not-found");
        assertProblem(http.patch("/api/v1/clusters/cl-missing", Map.of("capabilities", List.of())), 404, "not-found");
        assertProblem(http.post("/api/v1/clusters/cl-missing/drain", null), 404, "not-found");
        assertThat(EventStoreRows.count(jdbc)).isZero();
    }

    @Test
    void wrongQueryParameterIs400() {
        assertProblem(http.get("/api/v1/clusters?status=SLEEPING"), 400, "invalid-parameter");
    }

    @Test
    void duplicateNameIs409AndKeepsTheFirst() {
        assertThat(http.post("/api/v1/clusters", registration("dup-name")).status()).isEqualTo(201);

        assertProblem(http.post("/api/v1/clusters", registration("dup-name", "other-idc")), 409, "cluster-name-taken");
        assertThat(EventStoreRows.count(jdbc)).isEqualTo(1);
    }

    @Test
    void concurrentRegistrationsOfOneNameLetExactlyOneThrough() throws Exception {
        List<Integer> statuses = Concurrently.run(12, i -> http.post("/api/v1/clusters", registration("race-name", "idc-" + i)).status());

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(11);
        assertThat(EventStoreRows.count(jdbc)).isEqualTo(1);
    }

    @Test
    void ninthClusterOfAnIdcIs422EvenUnderConcurrentRequests() throws Exception {
        List<Integer> statuses = Concurrently.run(12, i -> http.post("/api/v1/clusters", registration("full-" + i, "full-idc")).status());

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(8);
        assertThat(statuses).filteredOn(s -> s == 422).hasSize(4);
        var refused = http.post("/api/v1/clusters", registration("full-extra", "full-idc"));
        assertProblem(refused, 422, "idc-full");
        assertThat(EventStoreRows.count(jdbc)).isEqualTo(8);
    }

    @Test
    void unsupportedMediaTypeAndMethodKeepTheirStatusAsProblems() {
        var textBody = http.post("/api/v1/clusters", "name=x", "Content-Type", "text/plain");
        assertThat(textBody.status()).isEqualTo(415);
        assertThat(textBody.header("Content-Type")).startsWith("application/problem+json");

        var delete = http.get("/api/v1/clusters/x/drain");
        assertThat(delete.status()).isIn(404, 405);
        assertThat(delete.header("Content-Type")).startsWith("application/problem+json");
    }

    private static void assertProblem(Http.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("code").asText()).isEqualTo(code);
        assertThat(problem.get("type").asText()).endsWith("/" + code);
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(problem.get("traceId").asText()).isEqualTo(response.header("X-Request-Id"));
    }
}
