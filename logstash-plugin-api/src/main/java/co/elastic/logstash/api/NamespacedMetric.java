package co.elastic.logstash.api;

import java.util.function.Supplier;

/** Metrics under one namespace, e.g. the plugin's own entry in the node stats. */
public interface NamespacedMetric extends Metric {

    void gauge(String metric, Object value);

    CounterMetric counter(String metric);

    TimerMetric timer(String metric);

    void increment(String metric);

    void increment(String metric, int delta);

    <T> T time(String metric, Supplier<T> callable);

    void reportTime(String metric, long duration);

    String[] namespaceName();

    Metric root();
}
