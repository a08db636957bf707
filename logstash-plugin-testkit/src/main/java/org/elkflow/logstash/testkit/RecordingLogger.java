package org.elkflow.logstash.testkit;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.spi.AbstractLogger;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A log4j {@code Logger} that keeps what a plugin logs, so tests can assert on warnings (e.g. "a malformed
 * datagram is logged, not thrown"). Every level is enabled, so {@code isDebugEnabled()}-guarded code runs too.
 * WARN and above are also echoed to stderr, because a warning nobody asserts on should still be seen.
 *
 * <p>Extends log4j's own {@link AbstractLogger} so that every {@code Logger} method a plugin may call (parameters,
 * suppliers, markers, throwables as last parameter) behaves exactly as with a real log4j logger.
 */
public final class RecordingLogger extends AbstractLogger {

    private static final long serialVersionUID = 1L;

    /** One logged message, already formatted. */
    public record Entry(String loggerName, Level level, String message, Throwable thrown, String threadName) {

        @Override
        public String toString() {
            return "[" + level + "][" + loggerName + "] " + message + (thrown == null ? "" : " (" + thrown + ")");
        }
    }

    private final transient List<Entry> entries = new ArrayList<>();
    private final transient Consumer<Entry> journal;
    private final transient PrintStream echo;

    /** A stand-alone logger. */
    public RecordingLogger(String name) {
        this(name, entry -> { }, System.err);
    }

    RecordingLogger(String name, Consumer<Entry> journal, PrintStream echo) {
        super(name);
        this.journal = Objects.requireNonNull(journal);
        this.echo = echo;
    }

    /** What this logger recorded, oldest first. */
    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** Formatted messages of {@code minLevel} or more severe. */
    public List<String> messages(Level minLevel) {
        List<String> messages = new ArrayList<>();
        for (Entry entry : entries()) {
            if (entry.level().isMoreSpecificThan(minLevel)) {
                messages.add(entry.message());
            }
        }
        return messages;
    }

    @Override
    public void logMessage(String fqcn, Level level, Marker marker, Message message, Throwable t) {
        // Format now: log4j may reuse the Message object for the next call on this thread.
        Entry entry = new Entry(getName(), level, message.getFormattedMessage(), t, Thread.currentThread().getName());
        synchronized (entries) {
            entries.add(entry);
        }
        journal.accept(entry);
        if (echo != null && level.isMoreSpecificThan(Level.WARN)) {
            echo.println(entry);
            if (t != null) {
                t.printStackTrace(echo);
            }
        }
    }

    @Override
    public Level getLevel() {
        return Level.ALL;
    }

    // All levels are enabled: the isEnabled family only decides whether logMessage is called.

    @Override
    public boolean isEnabled(Level level, Marker marker, Message message, Throwable t) {
        return true;
    }

    @Override
    public boolean isEnabled(Level level, Marker marker, CharSequence message, Throwable t) {
        return true;
    }

    @Override
    public boolean isEnabled(Level level, Marker marker, Object message, Throwable t) {
        return true;
    }

    @Override
    public boolean isEnabled(Level level, Marker marker, String message, Throwable t) {
        return true;
    }

    @Override
    public boolean isEnabled(Level level, Marker marker, String message) {
        return true;
    }

    @Override
    public boolean isEnabled(Level level, Marker marker, String message, Object... params) {
        return true;
    }

    @Override
    public boolean isEnabled(Level level, Marker marker, String message, Object p0) {
        return true;
    }

    @Override
    public boolean isEnabled(Level level, Marker marker, String message, Object p0, Object p1) {
        return true;
    }

    @Override
    public boolean isEnabled(Level level, Marker marker, String message, Object p0, Object p1, Object p2) {
        return true;
    }

    @Override
    public boolean isEnabled(Level level, Marker marker, String message, Object p0, Object p1, Object p2,
                             Object p3) {
        return true;
    }

    @Override
    public boolean isEnabled(Level level, Marker marker, String message, Object p0, Object p1, Object p2,
                             Object p3, Object p4) {
        return true;
    }

    @Override
    public boolean isEnabled(Level level, Marker marker, String message, Object p0, Object p1, Object p2,
                             Object p3, Object p4, Object p5) {
        return true;
    }

    @Override
    public boolean isEnabled(Level level, Marker marker, String message, Object p0, Object p1, Object p2,
                             Object p3, Object p4, Object p5, Object p6) {
        return true;
    }

    @Override
    public boolean isEnabled(Level level, Marker marker, String message, Object p0, Object p1, Object p2,
                             Object p3, Object p4, Object p5, Object p6, Object p7) {
        return true;
    }

    @Override
    public boolean isEnabled(Level level, Marker marker, String message, Object p0, Object p1, Object p2,
                             Object p3, Object p4, Object p5, Object p6, Object p7, Object p8) {
        return true;
    }

    @Override
    public boolean isEnabled(Level level, Marker marker, String message, Object p0, Object p1, Object p2,
                             Object p3, Object p4, Object p5, Object p6, Object p7, Object p8, Object p9) {
        return true;
    }
}
