package io.ultron.app.web;

import io.ultron.app.trace.Trace;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.net.URI;

/** Builds RFC 7807 bodies; every problem names its type and carries the request's trace id. */
public final class Problems {

    static final String TYPE_BASE = "https://ultron.io/problems/";
    /** Lost a race with another change of the same resource: nothing was changed, the same request may be retried. */
    static final String CONCURRENT_MODIFICATION = "concurrent-modification";
    /** A database or Redis cannot be reached right now. */
    public static final String DEPENDENCY_UNAVAILABLE = "dependency-unavailable";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + code));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        String traceId = MDC.get(Trace.MDC_KEY);
        if (traceId != null) {
            problem.setProperty("traceId", traceId);
        }
        return problem;
    }

    static ResponseEntity<ProblemDetail> response(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
