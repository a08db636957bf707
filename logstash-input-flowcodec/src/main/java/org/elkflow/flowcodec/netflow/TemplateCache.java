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
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

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
        return exporters.computeIfAbsent(key, k -> new ExporterState(address, version, domain, changes));
    }

    Iterable<ExporterState> states() {
        return exporters.values();
    }

    /**
     * Grows whenever a template is added, replaced or withdrawn, or an options record changes a sampling rate or
     * the system init time: compare two readings to know whether the state is worth writing out again.
     */
    public long changeCount() {
        return changes.get();
    }

    /** Templates, sampling rates and system init times of every exporter (not the buffered data sets). */
    public TemplateSnapshot snapshot() {
        java.util.List<TemplateSnapshot.Exporter> out = new java.util.ArrayList<>();
        for (ExporterState state : exporters.values()) {
            java.util.List<TemplateSnapshot.Template> templates = new java.util.ArrayList<>();
            for (CompiledTemplate t : state.templates.values()) {
                templates.add(new TemplateSnapshot.Template(t.templateId, t.options, t.scopeCount, t.spec.clone()));
            }
            templates.sort(java.util.Comparator.comparingInt(TemplateSnapshot.Template::id));
            out.add(new TemplateSnapshot.Exporter(state.address, state.version, state.domain,
                    state.defaultSamplingRate(), state.samplerRates(), state.systemInitMillis(), templates));
        }
        return new TemplateSnapshot(out);
    }

    public int exporterCount() {
        return exporters.size();
    }
}
