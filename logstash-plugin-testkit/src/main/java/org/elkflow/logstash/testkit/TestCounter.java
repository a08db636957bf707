package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.CounterMetric;

import java.util.concurrent.atomic.LongAdder;

/** A thread-safe counter over a {@link LongAdder}, rejecting negative increments as Logstash's counter does. */
public final class TestCounter implements CounterMetric {

    private final String name;
    private final LongAdder value = new LongAdder();

    TestCounter(String name) {
        this.name = name;
    }

    @Override
    public void increment() {
        value.increment();
    }

    /** @throws IllegalArgumentException if {@code delta} is negative: a counter only ever goes up */
    @Override
    public void increment(long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("Counter '" + name + "' cannot be incremented by a negative delta ("
                    + delta + ")");
        }
        value.add(delta);
    }

    @Override
    public long getValue() {
        return value.sum();
    }

    @Override
    public void reset() {
        value.reset();
    }

    @Override
    public String toString() {
        return "counter " + name + "=" + getValue();
    }
}
