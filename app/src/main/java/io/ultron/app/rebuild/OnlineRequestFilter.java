package io.ultron.app.rebuild;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/** Tells {@link FleetOnlineTraffic} of each API request, except the rebuild's own progress calls and the actuator. */
@Component
class OnlineRequestFilter extends OncePerRequestFilter {

    private static final String REBUILD_ADMIN = "/api/v1/admin/projections/";

    private final FleetOnlineTraffic traffic;

    OnlineRequestFilter(FleetOnlineTraffic traffic) {
        this.traffic = traffic;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/api/") || path.startsWith(REBUILD_ADMIN);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        traffic.served();
        chain.doFilter(request, response);
    }
}
