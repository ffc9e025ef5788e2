package io.ultron.sagas.openstack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

    private static final String OSLO_FORM = "req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void aUuidTraceIdIsUsedAsItIsInLowerCase() {
        assertThat(RequestIds.fromTraceId("5C7D3A52-6F0B-4F5E-9F57-2D1C44B1A0AA"))
                .isEqualTo("req-5c7d3a52-6f0b-4f5e-9f57-2d1c44b1a0aa");
        assertThat(RequestIds.fromTraceId("req-5c7d3a52-6f0b-4f5e-9f57-2d1c44b1a0aa"))
                .isEqualTo("req-5c7d3a52-6f0b-4f5e-9f57-2d1c44b1a0aa");
    }

    @Test
    void anyOtherTraceIdMapsToTheSameUuidEveryTime() {
        String first = RequestIds.fromTraceId("4bf92f3577b34da6a3ce929d0e0e4736");

        assertThat(first).matches(OSLO_FORM).isEqualTo(RequestIds.fromTraceId("4bf92f3577b34da6a3ce929d0e0e4736"));
        assertThat(RequestIds.fromTraceId("another-trace")).matches(OSLO_FORM).isNotEqualTo(first);
    }
}
