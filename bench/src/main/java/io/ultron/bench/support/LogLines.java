package io.ultron.bench.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the lines one logger of the application writes: e.g. the command gateway's retry scheduler logs a debug
 * line per command handled again after losing a race for its aggregate. Start it after the nodes (each node's start
 * configures logging); it counts for every node of the JVM, so read it around work that only one deployment does.
 */
public final class LogLines {

    private final AtomicInteger count = new AtomicInteger();

    private LogLines() {
    }

    /** Counts the logger's debug lines (and above) instead of printing them. */
    public static LogLines countDebug(String logger) {
        return countDebug(logger, "");
    }

    /** Counts the logger's debug lines (and above) that contain {@code text}, and prints none of its lines. */
    public static LogLines countDebug(String logger, String text) {
        LogLines lines = attach(logger, text);
        Logger target = (Logger) LoggerFactory.getLogger(logger);
        target.setAdditive(false);
        target.setLevel(Level.DEBUG);
        return lines;
    }

    /** Counts the lines the logger writes at its level, and prints them as before. */
    public static LogLines count(String logger) {
        return attach(logger, "");
    }

    private static LogLines attach(String logger, String text) {
        LogLines lines = new LogLines();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        AppenderBase<ILoggingEvent> counter = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getFormattedMessage().contains(text)) {
                    lines.count.incrementAndGet();
                }
            }
        };
        counter.setContext(context);
        counter.start();
        context.getLogger(logger).addAppender(counter);
        return lines;
    }

    /** Lines counted so far. */
    public int get() {
        return count.get();
    }
}
