package io.ultron.app.trace;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ultron.app.support.Callers;
import io.ultron.app.support.ApiIntegrationTest;
import io.ultron.app.support.UltronIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

import static io.ultron.app.support.Clusters.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The request's trace id is in the MDC of the command handler and of the event processor thread. */
@UltronIntegrationTest
class TraceIdInLogsIT extends ApiIntegrationTest {


    final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    final Logger registryLog = (Logger) LoggerFactory.getLogger("io.ultron.command.cluster.JdbcClusterRegistry");
    final Logger projectionLog = (Logger) LoggerFactory.getLogger("io.ultron.projections.cluster.ClusterViewProjection");

    @BeforeEach
    void capture() {
        captured.start();
        registryLog.addAppender(captured);
        projectionLog.addAppender(captured);
        projectionLog.setLevel(Level.DEBUG);
    }

    @AfterEach
    void release() {
        registryLog.detachAppender(captured);
        projectionLog.detachAppender(captured);
        projectionLog.setLevel(null);
    }

    @Test
    void commandHandlerAndProjectionLogUnderTheRequestsTraceId() {
        var opsBob = Callers.create(http, "ops-bob", "admin");
        var created = opsBob.http().post("/api/v1/clusters", registration("traced-1"), "X-Request-Id", "trace-in-logs-1");
        assertThat(created.status()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(15)).until(() -> linesFrom(projectionLog).size() == 1);

        ILoggingEvent commandSide = linesFrom(registryLog).get(0);
        ILoggingEvent processor = linesFrom(projectionLog).get(0);
        assertThat(commandSide.getMDCPropertyMap()).containsEntry("traceId", "trace-in-logs-1").containsEntry("actor", "ops-bob")
                .containsEntry("actorKeyId", opsBob.id());
        assertThat(processor.getMDCPropertyMap()).containsEntry("traceId", "trace-in-logs-1").containsEntry("actor", "ops-bob")
                .containsEntry("actorKeyId", opsBob.id());
        assertThat(processor.getThreadName()).as("handled on an event-processor thread").isNotEqualTo(commandSide.getThreadName());
    }

    private List<ILoggingEvent> linesFrom(Logger logger) {
        return List.copyOf(captured.list).stream().filter(e -> e.getLoggerName().equals(logger.getName())).toList();
    }
}
