package co.elastic.logstash.api;

/** A monotonically increasing counter. */
public interface CounterMetric {

    void increment();

    void increment(long delta);

    long getValue();

    void reset();
}
