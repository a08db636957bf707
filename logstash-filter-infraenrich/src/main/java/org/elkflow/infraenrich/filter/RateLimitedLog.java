package org.elkflow.infraenrich.filter;

import org.apache.logging.log4j.Logger;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** At most one warning per kind per interval, with the number suppressed since the last one. */
final class RateLimitedLog {

    private final Logger logger;
    private final long intervalMillis;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    RateLimitedLog(Logger logger, long intervalMillis) {
        this.logger = logger;
        this.intervalMillis = intervalMillis;
    }

    void warn(String kind, String message) {
        Window w = windows.computeIfAbsent(kind, k -> new Window());
        long now = System.currentTimeMillis();
        long last = w.lastLogged.get();
        if (now - last >= intervalMillis && w.lastLogged.compareAndSet(last, now)) {
            long suppressed = w.suppressed.getAndSet(0);
            logger.warn(suppressed == 0 ? message : message + " (" + suppressed + " similar warnings suppressed)");
        } else {
            w.suppressed.incrementAndGet();
        }
    }

    private static final class Window {
        final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE / 2);
        final AtomicLong suppressed = new AtomicLong();
    }
}
