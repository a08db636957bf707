package org.elkflow.flowcodec.schema;

/**
 * Immutable settings of {@link FlowEventMapper}. Start from {@link #defaults()} and derive variants with the
 * {@code with...} methods, so that settings added later do not break callers.
 */
public final class MappingOptions {

    private static final MappingOptions DEFAULTS = new MappingOptions(false);

    private final boolean upscaleSampling;

    private MappingOptions(boolean upscaleSampling) {
        this.upscaleSampling = upscaleSampling;
    }

    /** No upscaling: {@code network.bytes/packets} carry the counts as exported. */
    public static MappingOptions defaults() {
        return DEFAULTS;
    }

    /**
     * When true, {@code network.bytes} and {@code network.packets} are multiplied by the exporter's sampling
     * interval (when it announces one) to estimate the real traffic. {@code flow.sampling_rate} and the raw
     * {@code netflow.*} counters are written either way.
     */
    public MappingOptions withUpscaleSampling(boolean upscale) {
        return upscale == upscaleSampling ? this : new MappingOptions(upscale);
    }

    public boolean upscaleSampling() {
        return upscaleSampling;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MappingOptions && ((MappingOptions) other).upscaleSampling == upscaleSampling;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(upscaleSampling);
    }

    @Override
    public String toString() {
        return "MappingOptions{upscaleSampling=" + upscaleSampling + '}';
    }
}
