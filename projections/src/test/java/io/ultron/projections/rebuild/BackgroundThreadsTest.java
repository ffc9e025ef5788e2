package io.ultron.projections.rebuild;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BackgroundThreadsTest {

    @Test
    void backgroundThreadsRunAtALowerPriorityThanTheThreadsServingRequests() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
        CompletableFuture<Integer> background = new CompletableFuture<>();
        Thread thread = BackgroundThreads.named("background-test", 10).newThread(() -> background.complete(niceOfThisThread()));
        thread.start();

        assertThat(thread.getName()).isEqualTo("background-test");
        assertThat(thread.isDaemon()).isTrue();
        assertThat(background.get(10, TimeUnit.SECONDS)).isGreaterThan(niceOfThisThread());
    }

    @Test
    void niceZeroLeavesThePriorityAlone() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
        CompletableFuture<Integer> background = new CompletableFuture<>();
        BackgroundThreads.named("normal-test", 0).newThread(() -> background.complete(niceOfThisThread())).start();

        assertThat(background.get(10, TimeUnit.SECONDS)).isEqualTo(niceOfThisThread());
    }

    /** Field 19 of /proc/thread-self/stat; the fields after the command name's closing parenthesis start at 3. */
    private static int niceOfThisThread() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[19 - 3]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
