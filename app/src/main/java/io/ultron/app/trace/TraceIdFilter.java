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

/** First filter of every request: fixes the trace id and actor, puts them in the MDC and the response. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class TraceIdFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String traceId = Trace.fromHeaders(request.getHeader(Trace.REQUEST_ID_HEADER), request.getHeader(Trace.TRACEPARENT_HEADER));
        String actor = Trace.actorFromHeader(request.getHeader(Trace.ACTOR_HEADER));
        response.setHeader(Trace.REQUEST_ID_HEADER, traceId);
        MDC.put(Trace.MDC_KEY, traceId);
        MDC.put(Trace.ACTOR_KEY, actor);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(Trace.MDC_KEY);
            MDC.remove(Trace.ACTOR_KEY);
        }
    }
}
