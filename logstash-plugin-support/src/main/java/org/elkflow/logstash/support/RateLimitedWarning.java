package org.elkflow.logstash.support;

import org.apache.logging.log4j.Logger;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Logs at most one warning per kind per interval, with the number of similar warnings suppressed since the last
 * one: a flood of bad input must stay visible in the log without filling the disk. Thread-safe; the interval is
 * measured on the monotonic clock, so a wall-clock step neither silences nor floods it.
 */
public final class RateLimitedWarning {

    private final Logger logger;
    private final long intervalNanos;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimitedWarning(Logger logger, long intervalMillis) {
        this.logger = logger;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Logs {@code message} unless a warning of the same {@code kind} was logged less than an interval ago. */
    public void warn(String kind, String message) {
        warn(kind, () -> message);
    }

    /**
     * As {@link #warn(String, String)}, building the message only when it is logged: for warnings that can come
     * once per datagram or event in a flood, where building every suppressed text would cost the hot path.
     */
    public void warn(String kind, Supplier<String> message) {
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        long now = System.nanoTime();
        long last = window.lastLogged.get();
        boolean due = last == Long.MIN_VALUE || now - last >= intervalNanos;
        if (due && window.lastLogged.compareAndSet(last, now)) {
            long suppressed = window.suppressed.getAndSet(0);
            if (suppressed > 0) {
                logger.warn("{} ({} similar warnings suppressed since the last one)", message.get(), suppressed);
            } else {
                logger.warn("{}", message.get());
            }
        } else {
            window.suppressed.incrementAndGet();
        }
    }

    private static final class Window {
        final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong suppressed = new AtomicLong();
    }
}
