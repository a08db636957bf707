package org.elkflow.percentiles.ingest;

import org.elasticsearch.ingest.ConfigurationUtils;
import org.elkflow.sketch.MergingDigest;

import java.util.Map;

/** Reading the t-digest settings shared by the processors; errors carry the processor type, tag and setting name. */
final class DigestSettings {

    private DigestSettings() {
    }

    /** Reads {@code compression}: a number within the digest's supported range, default {@link MergingDigest#DEFAULT_COMPRESSION}. */
    static double readCompression(String type, String tag, Map<String, Object> config) {
        Object value = config.remove("compression");
        if (value == null) {
            return MergingDigest.DEFAULT_COMPRESSION;
        }
        if (!(value instanceof Number number)) {
            throw ConfigurationUtils.newConfigurationException(type, tag, "compression",
                    "[" + Samples.show(value) + "] is not a number");
        }
        double compression = number.doubleValue();
        if (!(compression >= MergingDigest.MIN_COMPRESSION && compression <= MergingDigest.MAX_COMPRESSION)) {
            throw ConfigurationUtils.newConfigurationException(type, tag, "compression",
                    "[" + value + "] is out of range; it must be within [" + (int) MergingDigest.MIN_COMPRESSION + ", "
                            + (int) MergingDigest.MAX_COMPRESSION + "]");
        }
        return compression;
    }
}
