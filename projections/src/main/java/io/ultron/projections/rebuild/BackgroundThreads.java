package io.ultron.projections.rebuild;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Threads for work that must not slow online requests down: on Linux each one raises its own nice value when
 * it starts, so whenever a request thread wants a CPU the kernel gives it that CPU first, and the background
 * work runs on what is left. Any process may lower its own threads' priority; where that fails (no Linux, no
 * {@code renice}) the threads run at normal priority.
 */
final class BackgroundThreads {

    private static final Logger log = LoggerFactory.getLogger(BackgroundThreads.class);

    private BackgroundThreads() {
    }

    static ThreadFactory named(String name, int niceness) {
        return runnable -> {
            Thread thread = new Thread(() -> {
                lowerPriority(niceness);
                runnable.run();
            }, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void lowerPriority(int niceness) {
        if (niceness <= 0) {
            return;
        }
        Path self = Path.of("/proc/thread-self");
        if (!Files.exists(self)) {
            return;
        }
        try {
            // "<pid>/task/<tid>": Linux schedules threads as tasks, and renice takes a thread's id
            String threadId = Files.readSymbolicLink(self).getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(niceness), "-p", threadId)
                    .redirectErrorStream(true).start();
            renice.getInputStream().transferTo(OutputStream.nullOutputStream());
            if (!renice.waitFor(10, TimeUnit.SECONDS) || renice.exitValue() != 0) {
                log.warn("{} runs at normal priority: renice did not succeed", Thread.currentThread().getName());
            }
        } catch (IOException e) {
            log.warn("{} runs at normal priority: {}", Thread.currentThread().getName(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
