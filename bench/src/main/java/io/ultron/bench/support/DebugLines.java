package io.ultron.bench.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the debug lines of one logger of the application, instead of printing them: e.g. the command gateway's
 * retry scheduler logs one per command handled again after losing a race for its aggregate. Start it after the
 * nodes (each node's start configures logging); it counts for every node of the JVM, so read it around work that
 * only one deployment does.
 */
public final class DebugLines {

    private final AtomicInteger count = new AtomicInteger();

    private DebugLines() {
    }

    public static DebugLines counting(String logger) {
        DebugLines lines = new DebugLines();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        AppenderBase<ILoggingEvent> counter = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                lines.count.incrementAndGet();
            }
        };
        counter.setContext(context);
        counter.start();
        Logger target = context.getLogger(logger);
        target.setAdditive(false);
        target.addAppender(counter);
        target.setLevel(Level.DEBUG);
        return lines;
    }

    /** Lines counted so far. */
    public int get() {
        return count.get();
    }
}
