package io.ultron.app.consistency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ultron.app.trace.Trace;
import io.ultron.app.web.Problems;
import io.ultron.query.consistency.ViewProgress;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Read-your-writes on any node. A successful write answers with {@value #POSITION_HEADER}: the position of its newest
 * event in the event stream. A read that sends that header back waits (at most {@code ultron.read-your-writes.max-wait})
 * until every view has handled that event, so it sees the write whichever node serves it. Reads by id that would be
 * a 404 wait by themselves (see {@link ViewProgress#findOrAwait}).
 */
@Component
// after security (so no one waits unauthenticated) and after idempotency, as before
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 30)
class ReadYourWritesFilter extends OncePerRequestFilter {

    static final String POSITION_HEADER = "Ultron-Position";

    private static final Pattern POSITION = Pattern.compile("[0-9]{1,18}");

    private final WrittenEvents written;
    private final ViewProgress views;
    private final ObjectMapper json;

    ReadYourWritesFilter(WrittenEvents written, ViewProgress views, ObjectMapper json) {
        this.written = written;
        this.views = views;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("GET".equals(request.getMethod())) {
            String named = request.getHeader(POSITION_HEADER);
            if (named != null && !POSITION.matcher(named).matches()) {
                response.setStatus(HttpStatus.BAD_REQUEST.value());
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                json.writeValue(response.getOutputStream(), Problems.of(HttpStatus.BAD_REQUEST, "invalid-position",
                        POSITION_HEADER + " must be a position given by an earlier answer (digits)"));
                return;
            }
            if (named != null) {
                views.awaitShown(Long.parseLong(named));
            }
            chain.doFilter(request, response);
            return;
        }
        String traceId = MDC.get(Trace.MDC_KEY);
        Set<String> events = written.start(traceId);
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, buffered);
        } finally {
            written.stop(traceId, events);
        }
        if (buffered.getStatus() < 300) {
            written.positionOf(events).ifPresent(position -> buffered.setHeader(POSITION_HEADER, position.toString()));
        }
        buffered.copyBodyToResponse();
    }

}
