package io.ultron.bench.support;

import io.ultron.app.UltronApplication;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An Ultron node in a JVM of its own, as nodes are deployed: its collections, JIT and threads do not stall the
 * benchmark's clients or the other nodes' requests, as they do when every node runs in the benchmark's JVM.
 */
public final class BenchProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private BenchProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a node on the database at {@code jdbcUrl} and the Redis at {@code redisUrl} with {@code args} (its roles,
     * settings…), logging to {@code name} in the temporary directory; answers once it is up.
     */
    public static BenchProcess start(String name, String heap, String jdbcUrl, String redisUrl, List<String> args)
            throws IOException, InterruptedException {
        int port = freePort();
        File log = Path.of(System.getProperty("java.io.tmpdir"), name).toFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", classPath(), UltronApplication.class.getName(), "--server.port=" + port));
        command.addAll(args);
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
        // both given, or the node starts an embedded MariaDB and Redis of its own (the run command's default)
        builder.environment().put("ULTRON_DB_URL", jdbcUrl);
        builder.environment().put("ULTRON_REDIS_URL", redisUrl);
        Process process = builder.start();
        var node = new BenchProcess(process, port);
        node.awaitUp(log);
        return node;
    }

    public int port() {
        return port;
    }

    private void awaitUp(File log) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node exited with " + process.exitValue() + ", see " + log);
            }
            try {
                var health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // the node is still starting
            }
            Thread.sleep(200); // polling a starting process, not a test
        }
        throw new IllegalStateException("node not up within 2 minutes, see " + log);
    }

    /**
     * The benchmark's own class path: exec:java runs it in a class loader of its own, so {@code java.class.path} is
     * Maven's.
     */
    private static String classPath() {
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            return Arrays.stream(loader.getURLs()).map(BenchProcess::file).collect(Collectors.joining(File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }

    private static String file(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
