package org.elkflow.flowcodec.netflow;

import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exporters and their templates, keyed by exporter address + protocol version + source id / observation
 * domain (so two exporters using the same template id never mix), bounded by {@link TemplateLimits}.
 * Thread-safe: concurrent readers, compiled templates are immutable.
 */
public final class TemplateCache {

    private record Key(InetAddress address, int version, long domain) {
    }

    private final ConcurrentHashMap<Key, ExporterState> exporters = new ConcurrentHashMap<>();
    private final TemplateLimits limits;

    public TemplateCache(TemplateLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public TemplateLimits limits() {
        return limits;
    }

    /** The exporter's state, created on first sight; null when the exporter cap is reached. */
    ExporterState exporter(InetAddress address, int version, long domain) {
        Key key = new Key(address, version, domain);
        ExporterState state = exporters.get(key);
        if (state != null) {
            return state;
        }
        if (exporters.size() >= limits.maxExporters) {
            return null;
        }
        return exporters.computeIfAbsent(key, k -> new ExporterState(address, version, domain));
    }

    Iterable<ExporterState> states() {
        return exporters.values();
    }

    public int exporterCount() {
        return exporters.size();
    }
}
