package org.elkflow.infraenrich.enrich;

/** Cache statistics as they happen; the filter forwards them to Logstash counters. Must be thread-safe. */
public interface CacheMetrics {

    void hit();

    void miss(long loadNanos);

    void eviction();

    CacheMetrics NONE = new CacheMetrics() {
        @Override
        public void hit() { }

        @Override
        public void miss(long loadNanos) { }

        @Override
        public void eviction() { }
    };
}
