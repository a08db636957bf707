package org.elkflow.percentiles.ingest;

import org.elasticsearch.ingest.AbstractProcessor;
import org.elasticsearch.ingest.ConfigurationUtils;
import org.elasticsearch.ingest.IngestDocument;
import org.elasticsearch.ingest.Processor;
import org.elkflow.sketch.MergingDigest;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingest processor {@code histogram}: turns samples (an array of numbers, a histogram object or a digest) into
 * compact, mergeable summaries stored on the document:
 * <ul>
 *   <li>{@code target_field}: Elasticsearch's histogram field format {@code {"values": [ascending doubles],
 *       "counts": [integers]}}, the centroids of a {@link MergingDigest} (equal means joined), which a
 *       {@code histogram}-mapped field and the {@code percentiles} aggregation understand;</li>
 *   <li>{@code digest_field}: the same digest in this project's versioned binary layout, base64, which the
 *       retention rollups (and the {@code percentiles} processor) merge without loss beyond the digest's bound.</li>
 * </ul>
 * Small samples (up to about compression/2 values) keep every value, so the histogram is exact.
 */
public final class HistogramProcessor extends AbstractProcessor {

    public static final String TYPE = "histogram";

    private final String field;
    private final String targetField;
    private final String digestField;
    private final double compression;
    private final boolean ignoreMissing;

    HistogramProcessor(String tag, String description, String field, String targetField, String digestField,
                       double compression, boolean ignoreMissing) {
        super(tag, description);
        this.field = field;
        this.targetField = targetField;
        this.digestField = digestField;
        this.compression = compression;
        this.ignoreMissing = ignoreMissing;
    }

    @Override
    public IngestDocument execute(IngestDocument document) {
        Object value = document.getFieldValue(field, Object.class, ignoreMissing);
        if (value == null && ignoreMissing) {
            return document;
        }
        MergingDigest digest = Samples.read(field, value).toDigest(compression);
        if (targetField != null) {
            document.setFieldValue(targetField, histogramOf(digest));
        }
        if (digestField != null) {
            document.setFieldValue(digestField, Base64.getEncoder().encodeToString(digest.toBytes()));
        }
        return document;
    }

    /** The digest's centroids as a histogram-field value; equal means are joined (values strictly ascending). */
    static Map<String, Object> histogramOf(MergingDigest digest) {
        double[] means = digest.centroidMeans();
        long[] weights = digest.centroidWeights();
        List<Double> values = new ArrayList<>(means.length);
        List<Integer> counts = new ArrayList<>(means.length);
        long pending = 0;
        for (int i = 0; i < means.length; i++) {
            pending += weights[i];
            if (i + 1 == means.length || means[i + 1] != means[i]) {
                if (pending > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("a histogram bucket would count " + pending
                            + " values, more than the histogram field type allows");
                }
                values.add(means[i]);
                counts.add((int) pending);
                pending = 0;
            }
        }
        Map<String, Object> histogram = new LinkedHashMap<>(2);
        histogram.put("values", values);
        histogram.put("counts", counts);
        return histogram;
    }

    @Override
    public String getType() {
        return TYPE;
    }

    String targetField() {
        return targetField;
    }

    String digestField() {
        return digestField;
    }

    double compression() {
        return compression;
    }

    /** Reads and checks the processor configuration once, when a pipeline is created. */
    public static final class Factory implements Processor.Factory {

        @Override
        public HistogramProcessor create(Map<String, Processor.Factory> processorFactories, String tag,
                                         String description, Map<String, Object> config) {
            String field = ConfigurationUtils.readStringProperty(TYPE, tag, config, "field");
            List<String> outputs = ConfigurationUtils.readOptionalList(TYPE, tag, config, "outputs");
            boolean histogram = true;
            boolean digest = true;
            if (outputs != null) {
                if (outputs.isEmpty()) {
                    throw ConfigurationUtils.newConfigurationException(TYPE, tag, "outputs",
                            "must list [histogram], [digest] or both");
                }
                histogram = false;
                digest = false;
                for (Object output : outputs) {
                    if ("histogram".equals(output)) {
                        histogram = true;
                    } else if ("digest".equals(output)) {
                        digest = true;
                    } else {
                        throw ConfigurationUtils.newConfigurationException(TYPE, tag, "outputs",
                                "[" + Samples.show(output) + "] is not an output; use [histogram] and/or [digest]");
                    }
                }
            }
            String targetField = ConfigurationUtils.readStringProperty(TYPE, tag, config, "target_field",
                    field + "_histogram");
            String digestField = ConfigurationUtils.readStringProperty(TYPE, tag, config, "digest_field",
                    field + "_digest");
            if (histogram && digest && targetField.equals(digestField)) {
                throw ConfigurationUtils.newConfigurationException(TYPE, tag, "digest_field",
                        "must differ from [target_field]");
            }
            double compression = DigestSettings.readCompression(TYPE, tag, config);
            boolean ignoreMissing = ConfigurationUtils.readBooleanProperty(TYPE, tag, config, "ignore_missing", false);
            return new HistogramProcessor(tag, description, field, histogram ? targetField : null,
                    digest ? digestField : null, compression, ignoreMissing);
        }
    }
}
