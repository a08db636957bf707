package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.TimerMetric;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A timer that really measures: {@link #time} adds the wall-clock time of each call. Nanoseconds are summed and
 * converted once on read, so many sub-millisecond calls still add up.
 */
public final class TestTimer implements TimerMetric {

    private final String name;
    private final LongAdder trackedNanos = new LongAdder();
    private final LongAdder untrackedMillis = new LongAdder();

    TestTimer(String name) {
        this.name = name;
    }

    @Override
    public <T, E extends Throwable> T time(ExceptionalSupplier<T, E> exceptionalSupplier) throws E {
        long start = System.nanoTime();
        try {
            return exceptionalSupplier.get();
        } finally {
            trackedNanos.add(System.nanoTime() - start);
        }
    }

    /** @throws IllegalArgumentException for a negative duration, which can only be a caller's bug */
    @Override
    public void reportUntrackedMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("Timer '" + name + "' cannot take a negative duration (" + millis
                    + " ms)");
        }
        untrackedMillis.add(millis);
    }

    /** Accumulated milliseconds, timed and reported. */
    public long getValue() {
        return TimeUnit.NANOSECONDS.toMillis(trackedNanos.sum()) + untrackedMillis.sum();
    }

    @Override
    public String toString() {
        return "timer " + name + "=" + getValue() + "ms";
    }
}
