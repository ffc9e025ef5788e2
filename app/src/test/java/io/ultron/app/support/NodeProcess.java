package io.ultron.app.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A whole node in a JVM of its own, on the test classpath, so that a test can kill it like a crashed machine. */
public final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private NodeProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts node {@code nodeId} on {@code infra}, logging to target/&lt;log&gt;; {@code args} are extra settings. */
    public static NodeProcess start(FreshDatabase.Infrastructure infra, String nodeId, String log, String... args) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.ultron.app.UltronApplication",
                "--server.port=" + port, "--ultron.node-id=" + nodeId, "--logging.level.root=WARN"));
        command.addAll(List.of(infra.asArgs()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File("target/" + log));
        builder.environment().put("ULTRON_DB_URL", infra.jdbcUrl());
        builder.environment().put("ULTRON_REDIS_URL", FreshDatabase.REDIS_URL);
        return new NodeProcess(builder.start(), port);
    }

    public Http http() {
        return new Http(port);
    }

    /** SIGKILL: nothing is released, no claim, no lock; the others find out by timeouts. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
