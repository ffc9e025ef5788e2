package io.ultron.bench.support;

/** How every benchmark's {@code main} runs its body. */
public final class BenchMain {

    public interface Body {
        void run(String[] args) throws Exception;
    }

    private BenchMain() {
    }

    /**
     * Runs the body, prints what it failed with, and exits with 0 or 1: exec:java otherwise waits for every
     * non-daemon thread, and a closed application context can leave one behind, so a finished benchmark hung.
     */
    public static void run(String[] args, Body body) {
        int status = 0;
        try {
            body.run(args);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }
}
