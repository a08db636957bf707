package org.elkflow.flowcodec.input;

import co.elastic.logstash.api.CounterMetric;
import co.elastic.logstash.api.NamespacedMetric;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes the per-exporter counters of {@link ExporterStats} as Logstash plugin metrics:
 * {@code exporters.<key>.<counter>} beside the plugin's totals, one namespace per exporter with its own entry
 * ({@code max_exporter_stats} at most) plus {@code exporters.other} for the sources beyond that bound.
 *
 * <p>Not thread-safe, on purpose: Logstash's metric handles carry the JRuby context of the thread that created the
 * plugin's metric, and exporters only become known while the input runs, so their handles cannot be made up front.
 * Creating them on the reader or worker threads would use that context from several threads at once. Instead one
 * thread the input owns for its whole life (the one Logstash runs {@code start()} on) calls {@link #publish()}
 * every second and once at stop: it creates the namespace of each newly seen exporter and adds to every counter
 * what its {@code LongAdder} gained since the previous call. Readers and workers never touch a metric handle here.
 */
final class ExporterMetrics {

    static final String NAMESPACE = "exporters";
    /** Gauge in each exporter's namespace holding the address as written elsewhere (the key has to avoid dots). */
    static final String ADDRESS_GAUGE = "address";

    private final NamespacedMetric pluginMetric;
    private final ExporterStats stats;
    private final Map<ExporterStats.Entry, Published> published = new IdentityHashMap<>();
    private NamespacedMetric exporters;

    ExporterMetrics(NamespacedMetric pluginMetric, ExporterStats stats) {
        this.pluginMetric = pluginMetric;
        this.stats = stats;
    }

    /** Creates the namespaces of exporters seen since the last call and brings every counter up to date. */
    void publish() {
        if (exporters == null) {
            exporters = pluginMetric.namespace(NAMESPACE);
        }
        stats.forEach(entry -> published.computeIfAbsent(entry, this::register).update());
    }

    private Published register(ExporterStats.Entry entry) {
        NamespacedMetric namespace = exporters.namespace(key(entry.exporter));
        namespace.gauge(ADDRESS_GAUGE, entry.exporter);
        List<String> names = ExporterStats.COUNTER_NAMES;
        CounterMetric[] counters = new CounterMetric[names.size()];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = namespace.counter(names.get(i));
        }
        return new Published(entry, counters);
    }

    /**
     * The metric key of an exporter address: dots and colons become underscores ({@code 192_0_2_1},
     * {@code 2001_db8__1}, {@code __1}). Metric keys turn into JSON object keys in the node stats API and into field
     * names wherever those stats are indexed, where a dot would split one address into nested objects. Distinct
     * addresses keep distinct keys: a dotted quad has exactly three single separators, canonical IPv6 text either
     * seven or a {@code ::}, and {@link ExporterStats#OTHER} contains letters no address text has.
     */
    static String key(String address) {
        return address.replace('.', '_').replace(':', '_');
    }

    /** An exporter's counter handles and the values already added to them. */
    private static final class Published {
        private final ExporterStats.Entry entry;
        private final CounterMetric[] counters;
        private final long[] reported;

        Published(ExporterStats.Entry entry, CounterMetric[] counters) {
            this.entry = entry;
            this.counters = counters;
            this.reported = new long[counters.length];
        }

        Published update() {
            long[] now = entry.values();
            for (int i = 0; i < now.length; i++) {
                // LongAdder sums of increment-only adders never go back, but a counter must not see a negative
                // delta (Logstash's throws), so only growth is added.
                long delta = now[i] - reported[i];
                if (delta > 0) {
                    counters[i].increment(delta);
                    reported[i] = now[i];
                }
            }
            return this;
        }
    }
}
