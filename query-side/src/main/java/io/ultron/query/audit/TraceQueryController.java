package io.ultron.query.audit;

import io.ultron.api.audit.HistoryEntryView;
import io.ultron.api.tenant.TenantScope;
import io.ultron.query.consistency.ViewProgress;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.util.List;

/** The whole story of one request: every event, in any resource of the caller's tenants, that carries its trace id. */
@RestController
@RequestMapping("/api/v1/traces")
class TraceQueryController {

    private final ResourceAudit audit;
    private final ViewProgress views;

    TraceQueryController(ResourceAudit audit, ViewProgress views) {
        this.audit = audit;
        this.views = views;
    }

    @GetMapping("/{traceId}")
    List<HistoryEntryView> trace(@PathVariable String traceId, TenantScope caller) {
        awaitIfUnknown(traceId);
        return audit.trace(traceId, caller);
    }

    @GetMapping("/{traceId}/export")
    ResponseEntity<StreamingResponseBody> export(@PathVariable String traceId, TenantScope caller) {
        awaitIfUnknown(traceId);
        return audit.exportTrace(traceId, caller);
    }

    /** The trace index is a view: a request answered a moment ago may not be in it yet. */
    private void awaitIfUnknown(String traceId) {
        if (!audit.traceExists(traceId)) {
            views.awaitNewest();
        }
    }
}
