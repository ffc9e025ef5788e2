package io.ultron.app.web;

import io.ultron.projections.rebuild.OnlineRequests;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnlineRequestFilterTest {

    private final OnlineRequests online = new OnlineRequests();
    private final OnlineRequestFilter filter = new OnlineRequestFilter(
            new StaticListableBeanFactory(Map.of("onlineRequests", online)).getBeanProvider(OnlineRequests.class));

    @Test
    void usersRequestsAreInFlightWhileTheyAreAnswered() throws Exception {
        assertThat(inFlightWhileAnswering("POST", "/api/v1/clusters")).isEqualTo(1);
        assertThat(inFlightWhileAnswering("GET", "/api/v1/servers")).isEqualTo(1);

        assertThat(online.inFlight()).isZero();
        assertThat(online.seenWithin(Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void operatorsRequestsDoNotCount() throws Exception {
        assertThat(inFlightWhileAnswering("GET", "/api/v1/admin/projections/cluster-view/rebuild")).isZero();
        assertThat(inFlightWhileAnswering("GET", "/actuator/health")).isZero();

        assertThat(online.seenWithin(Duration.ofMinutes(1))).isFalse();
    }

    @Test
    void aFailingRequestIsNoLongerInFlightAfterwards() {
        MockFilterChain chain = new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) {
                throw new IllegalStateException("handler failed");
            }
        });

        assertThatThrownBy(() -> filter.doFilter(new MockHttpServletRequest("POST", "/api/v1/vpcs"), new MockHttpServletResponse(), chain))
                .hasMessage("handler failed");
        assertThat(online.inFlight()).isZero();
        assertThat(online.seenWithin(Duration.ofMinutes(1))).isTrue();
    }

    private int inFlightWhileAnswering(String method, String path) throws Exception {
        List<Integer> seen = new ArrayList<>();
        MockFilterChain chain = new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) {
                seen.add(online.inFlight());
            }
        });
        filter.doFilter(new MockHttpServletRequest(method, path), new MockHttpServletResponse(), chain);
        assertThat(seen).hasSize(1);
        return seen.get(0);
    }
}
