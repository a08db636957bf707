package org.elkflow.flowcodec.input;

import org.apache.logging.log4j.Logger;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs at most one warning per kind per interval, with the number of similar events suppressed since the last
 * one: a flood of bad datagrams must be visible in the log without filling the disk.
 */
final class RateLimitedWarning {

    private final Logger logger;
    private final long intervalNanos;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    RateLimitedWarning(Logger logger, long intervalMillis) {
        this.logger = logger;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    void warn(String kind, String detail) {
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        long now = System.nanoTime();
        long last = window.lastLogged.get();
        if (last != Long.MIN_VALUE && now - last < intervalNanos) {
            window.suppressed.incrementAndGet();
            return;
        }
        if (window.lastLogged.compareAndSet(last, now)) {
            long suppressed = window.suppressed.getAndSet(0);
            if (suppressed > 0) {
                logger.warn("flowcodec dropped datagram ({}): {} ({} more since the last warning)", kind, detail,
                        suppressed);
            } else {
                logger.warn("flowcodec dropped datagram ({}): {}", kind, detail);
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
