package io.ultron.app.trace;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * First filter of every request: fixes the trace id, puts it in the MDC and the response. The actor is the
 * authenticated principal, which security puts in the MDC once it knows it; this filter clears both at the end.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class TraceIdFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String traceId = Trace.fromHeaders(request.getHeader(Trace.REQUEST_ID_HEADER), request.getHeader(Trace.TRACEPARENT_HEADER));
        response.setHeader(Trace.REQUEST_ID_HEADER, traceId);
        MDC.put(Trace.MDC_KEY, traceId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(Trace.MDC_KEY);
            MDC.remove(Trace.ACTOR_KEY);
            MDC.remove(Trace.ACTOR_KEY_ID_KEY);
        }
    }
}
