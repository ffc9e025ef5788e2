package io.ultron.app.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyFilterTest {

    private static final String PROBLEM = "application/problem+json";

    @ParameterizedTest(name = "{0} {1} {2}: kept {3}")
    @CsvSource({
            "200, application/json, '{}', true",
            "201, application/json, '{}', true",
            "202, application/json, '{}', true",
            "204, , '', true",
            "400, " + PROBLEM + ", '{\"code\":\"invalid-body\"}', true",
            "404, " + PROBLEM + ", '{\"code\":\"not-found\"}', true",
            "409, " + PROBLEM + ", '{\"code\":\"cluster-name-taken\"}', true",
            "409, " + PROBLEM + ";charset=UTF-8, '{\"code\":\"cluster-name-taken\"}', true",
            "422, " + PROBLEM + ", '{\"code\":\"idc-full\"}', true",
            "409, " + PROBLEM + ", '{\"code\":\"concurrent-modification\"}', false",
            "409, " + PROBLEM + ";charset=UTF-8, '{\"code\":\"concurrent-modification\"}', false",
            "409, " + PROBLEM + ", '{\"code\":\"action-pending\"}', false",
            "409, " + PROBLEM + ", '{\"code\":\"rebuild-in-progress\"}', false",
            "408, , '', false",
            "425, , '', false",
            "429, , '', false",
            "500, " + PROBLEM + ", '{\"code\":\"internal-error\"}', false",
            "502, , '', false",
            "503, " + PROBLEM + ", '{\"code\":\"dependency-unavailable\"}', false",
            "503, " + PROBLEM + ", '{\"code\":\"addresses-provisioning\"}', false",
            "302, , '', false"})
    void keepsOnlyFinalAnswers(int status, String contentType, String body, boolean kept) {
        assertThat(IdempotencyFilter.isFinal(status, contentType, body)).isEqualTo(kept);
    }
}
