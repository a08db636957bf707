package org.elkflow.flowcodec.netflow;

/**
 * Bounds of the template cache: how many exporters (address + version + source id / observation domain) and
 * templates per exporter are kept, and how many data sets that arrived before their template are buffered per
 * exporter, for how long and in how many bytes. Immutable.
 */
public final class TemplateLimits {

    private static final TemplateLimits DEFAULTS = new TemplateLimits(4096, 1024, 64, 256 * 1024, 60_000);

    final int maxExporters;
    final int maxTemplatesPerExporter;
    final int pendingMaxSets;
    final int pendingMaxBytes;
    final long pendingMaxAgeMillis;

    public TemplateLimits(int maxExporters, int maxTemplatesPerExporter, int pendingMaxSets, int pendingMaxBytes,
                          long pendingMaxAgeMillis) {
        if (maxExporters < 1 || maxTemplatesPerExporter < 1 || pendingMaxSets < 0 || pendingMaxBytes < 0
                || pendingMaxAgeMillis < 0) {
            throw new IllegalArgumentException("template limits must be positive (buffer limits may be 0)");
        }
        this.maxExporters = maxExporters;
        this.maxTemplatesPerExporter = maxTemplatesPerExporter;
        this.pendingMaxSets = pendingMaxSets;
        this.pendingMaxBytes = pendingMaxBytes;
        this.pendingMaxAgeMillis = pendingMaxAgeMillis;
    }

    public static TemplateLimits defaults() {
        return DEFAULTS;
    }

    public int maxExporters() {
        return maxExporters;
    }

    public int maxTemplatesPerExporter() {
        return maxTemplatesPerExporter;
    }

    public int pendingMaxSets() {
        return pendingMaxSets;
    }

    public int pendingMaxBytes() {
        return pendingMaxBytes;
    }

    public long pendingMaxAgeMillis() {
        return pendingMaxAgeMillis;
    }

    @Override
    public String toString() {
        return "TemplateLimits{exporters=" + maxExporters + ", templatesPerExporter=" + maxTemplatesPerExporter
                + ", bufferSets=" + pendingMaxSets + ", bufferBytes=" + pendingMaxBytes + ", bufferAgeMillis="
                + pendingMaxAgeMillis + '}';
    }
}
