package io.ultron.app.web;

import io.ultron.projections.rebuild.OnlineRequests;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Tells {@link OnlineRequests} when users' requests start and end, so that a projection rebuild on this node can
 * give way to them. The admin API and the actuator are operators' traffic and do not count. A node without the
 * conductor role runs no rebuild and counts nothing.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class OnlineRequestFilter extends OncePerRequestFilter {

    private final OnlineRequests online;

    OnlineRequestFilter(ObjectProvider<OnlineRequests> online) {
        this.online = online.getIfAvailable();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (online == null) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/v1/admin/") || path.startsWith("/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        online.started();
        try {
            chain.doFilter(request, response);
        } finally {
            online.finished();
        }
    }
}
