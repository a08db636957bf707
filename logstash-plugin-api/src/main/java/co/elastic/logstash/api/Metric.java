package co.elastic.logstash.api;

/** A node in Logstash's metric tree. */
public interface Metric {

    NamespacedMetric namespace(String... key);
}
