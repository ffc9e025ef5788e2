package io.ultron.query.audit;

import io.ultron.api.audit.HistoryEntryView;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.util.List;

/** The whole story of one request: every event, in any resource, that carries its trace id. */
@RestController
@RequestMapping("/api/v1/traces")
class TraceQueryController {

    private final ResourceAudit audit;

    TraceQueryController(ResourceAudit audit) {
        this.audit = audit;
    }

    @GetMapping("/{traceId}")
    List<HistoryEntryView> trace(@PathVariable String traceId) {
        return audit.trace(traceId);
    }

    @GetMapping("/{traceId}/export")
    ResponseEntity<StreamingResponseBody> export(@PathVariable String traceId) {
        return audit.exportTrace(traceId);
    }
}
