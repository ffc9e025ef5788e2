package io.ultron.app.trace;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TraceTest {

    @Test
    void prefersTheCallersRequestId() {
        assertThat(Trace.fromHeaders("req-42", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isEqualTo("req-42");
    }

    @Test
    void takesTheTraceIdOfAW3cTraceparent() {
        assertThat(Trace.fromHeaders(null, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void ignoresUnusableHeadersAndMakesANewId() {
        String id = Trace.fromHeaders("has spaces\nand newlines", "garbage");
        assertThat(UUID.fromString(id)).isNotNull();
    }
}
