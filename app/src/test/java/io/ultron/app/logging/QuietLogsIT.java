package io.ultron.app.logging;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.ultron.app.compute.Images;
import io.ultron.app.security.BootstrapKeyFile;
import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.Networks;
import io.ultron.app.support.Nodes;
import io.ultron.app.support.SimulatedFleet;
import org.axonframework.deadline.DeadlineManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

/**
 * Operators page on ERROR: a normal batch logs no ERROR and no stack trace, and neither does stopping a node,
 * whether its context is closed after a batch or the process gets SIGTERM in the middle of one (on the embedded
 * default, whose database and Redis stop with it: from the SIGTERM on, the log is quiet).
 */
@ExtendWith(OutputCaptureExtension.class)
class QuietLogsIT {

    /** A log line of level ERROR, in the pattern of logback-spring.xml. */
    private static final Pattern ERROR_LINE = Pattern.compile("^\\S+\\s+ERROR ");
    /** A stack trace: "\tat ..." frames, "Caused by:" or "... 12 more". */
    private static final Pattern STACK_TRACE = Pattern.compile("^(\\s+at |Caused by: |\\s+\\.\\.\\. \\d+ more)");

    static final SimulatedFleet fleet = SimulatedFleet.start(2);
    FreshDatabase.Infrastructure infra;
    ConfigurableApplicationContext node;
    Process process;

    @AfterEach
    void stopNode() throws InterruptedException {
        if (process != null && process.isAlive()) {
            // SIGTERM first: a node killed outright would leave its embedded MariaDB and Redis running
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        Nodes.stop(infra, node);
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Test
    void aBatchAndClosingTheNodeAfterItAreQuiet(CapturedOutput output) {
        infra = FreshDatabase.create();
        List<String> args = new ArrayList<>(List.of(fleet.asArgs()));
        args.add("--ultron.compute.capacity-refresh=300ms");
        args.add("--ultron.compute.build-watch-interval=200ms");
        node = Nodes.start(infra, args.toArray(String[]::new));
        Http http = Nodes.http(node);
        String idc = "idc-" + UUID.randomUUID().toString().substring(0, 8);
        fleet.registerAllAndAwait(http, idc);
        String vpc = Networks.createVpc(http, "acme", "quiet");
        Networks.awaitPoolsReady(http, Networks.createSubnet(http, vpc, idc), 2);
        // builds end about when their first status check is due: the sagas cancel deadlines as they fire
        fleet.clusterNames().forEach(cluster -> fleet.simulator().admin().configure(cluster, s -> s.bootTime(800, 1_200)));

        String batch = createBatch(http, vpc, idc, 60);
        await().atMost(Duration.ofSeconds(90)).until(() -> http.get("/api/v1/batches/" + batch),
                response -> response.status() == 200 && response.json().get("completed").asBoolean());
        assertThat(http.get("/api/v1/batches/" + batch).json().get("active").asInt()).isEqualTo(60);
        node.close();

        assertQuiet(output.getOut().lines().toList());
    }

    @Test
    void cancellingADeadlineThatIsFiringOrGoneIsNoError() {
        infra = FreshDatabase.create();
        node = Nodes.start(infra, fleet.asArgs());
        DeadlineManager deadlines = node.getBean(DeadlineManager.class);
        JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
        String firing = UUID.randomUUID().toString();
        // as db-scheduler leaves a deadline it has picked and is executing
        jdbc.update("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by,"
                + " last_heartbeat, version) VALUES ('AxonDeadline', ?, ?, TRUE, 'another-node', ?, 2)", firing,
                java.sql.Timestamp.from(Instant.now().plusSeconds(3_600)), java.sql.Timestamp.from(Instant.now()));
        assertThat(node.getBean(Scheduler.class)).isNotNull();

        assertThatCode(() -> deadlines.cancelSchedule("server-step-watchdog", firing)).doesNotThrowAnyException();
        assertThatCode(() -> deadlines.cancelSchedule("server-step-watchdog", UUID.randomUUID().toString()))
                .doesNotThrowAnyException();
    }

    @Test
    void aSigtermInTheMiddleOfABatchOnTheEmbeddedDefaultIsQuiet(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        Path log = Path.of("target", "quiet-logs-sigterm-node.log");
        process = startEmbeddedNode(port, dataDir, log);
        // the embedded default's first start writes its admin key there (it is not the tests' usual key)
        Path keyFile = dataDir.resolve(BootstrapKeyFile.FILE_NAME);
        await().atMost(Duration.ofSeconds(180)).ignoreExceptions().until(() -> Files.readString(keyFile).endsWith("\n"));
        Http http = new Http(port).withKey(Files.readString(keyFile).trim());
        await().atMost(Duration.ofSeconds(180)).ignoreExceptions()
                .until(() -> http.get("/api/v1/clusters?idc=demo-idc-1").json().size() == 3);
        var created = http.post("/api/v1/vpcs", Map.of("area", "demo", "tenant", "acme", "name", "sigterm"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String vpc = created.json().get("id").asText();
        Networks.awaitPoolsReady(http, Networks.createSubnet(http, vpc, "demo-idc-1"), 3);
        String batch = createBatch(http, vpc, "demo-idc-1", 12);
        // the embedded simulator boots in 20-40 s: servers are building when the node is told to stop
        await().atMost(Duration.ofSeconds(120)).until(() -> http.get("/api/v1/servers?status=BUILDING&size=1")
                .json().path("total").asInt() >= 1);
        assertThat(http.get("/api/v1/batches/" + batch).json().path("completed").asBoolean()).isFalse();

        process.destroy();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the node stopped").isTrue();

        List<String> lines = Files.readAllLines(log);
        int stopping = indexOf(lines, "Commencing graceful shutdown");
        assertThat(stopping).as("the node was told to stop").isNotNegative();
        List<String> shutdown = lines.subList(stopping, lines.size());
        assertThat(shutdown).as("the context closed").anyMatch(line -> line.contains("HikariPool-1 - Shutdown completed"));
        assertThat(shutdown).as("ERROR lines while stopping").noneMatch(line -> ERROR_LINE.matcher(line).find());
        assertThat(shutdown).as("stack traces while stopping").noneMatch(line -> STACK_TRACE.matcher(line).find());
    }

    /** A whole node in a JVM of its own on the embedded default: no ULTRON_DB_URL, no ULTRON_REDIS_URL. */
    private static Process startEmbeddedNode(int port, Path dataDir, Path log) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.ultron.app.UltronApplication",
                "--server.port=" + port, "--spring.datasource.hikari.maximum-pool-size=10");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("ULTRON_DB_URL");
        builder.environment().remove("ULTRON_REDIS_URL");
        builder.environment().remove("ULTRON_BOOTSTRAP_ADMIN_KEY");
        builder.environment().put("ULTRON_DATA_DIR", dataDir.toString());
        builder.environment().put("ULTRON_SIM_PORT", String.valueOf(freePort()));
        return builder.start();
    }

    private static String createBatch(Http http, String vpc, String idc, int count) {
        var created = await().atMost(Duration.ofSeconds(120)).until(() -> http.post("/api/v1/batches", Map.of(
                "tenant", "acme", "namePrefix", "quiet", "count", count, "vpcId", vpc, "idc", idc, "flavor", "m1.tiny",
                "image", Images.CIRROS, "bootDisk", "LOCAL", "diskGb", 1)), response -> response.status() == 202);
        return created.json().get("batchId").asText();
    }

    private static void assertQuiet(List<String> lines) {
        assertThat(lines).as("the node logged").anyMatch(line -> line.contains("Tomcat started on port"));
        assertThat(lines).as("ERROR lines").noneMatch(line -> ERROR_LINE.matcher(line).find());
        assertThat(lines).as("stack traces").noneMatch(line -> STACK_TRACE.matcher(line).find());
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
