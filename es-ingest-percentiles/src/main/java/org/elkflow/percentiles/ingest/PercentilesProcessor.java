package org.elkflow.percentiles.ingest;

import org.elasticsearch.ingest.AbstractProcessor;
import org.elasticsearch.ingest.ConfigurationUtils;
import org.elasticsearch.ingest.IngestDocument;
import org.elasticsearch.ingest.Processor;
import org.elkflow.sketch.MergingDigest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingest processor {@code percentiles}: reads samples from {@code field} (an array of numbers, a histogram object
 * {@code {"values": [...], "counts": [...]}}, or a digest string written by the {@code histogram} processor) and
 * writes percentiles plus count, min, max, sum and avg to {@code target_field}.
 *
 * <p>{@code method: exact} (default) uses the R-7 rule (rank p/100 × (n − 1), linear interpolation; see
 * {@link org.elkflow.sketch.ExactPercentiles}); {@code method: tdigest} builds a
 * {@link MergingDigest} with {@code compression}. A digest input always gives digest estimates.
 *
 * <p>Output keyed (default): {@code {"p50": …, "p99_9": …, "count": …, "min": …, "max": …, "sum": …, "avg": …}};
 * with {@code keyed: false} the percentiles are an array {@code "values": [{"percent": 50.0, "value": …}, …]}.
 */
public final class PercentilesProcessor extends AbstractProcessor {

    public static final String TYPE = "percentiles";

    static final double[] DEFAULT_PERCENTS = {50, 75, 90, 95, 99};

    enum Method {
        EXACT, TDIGEST
    }

    private final String field;
    private final String targetField;
    private final double[] percents;
    private final String[] keys;
    private final Method method;
    private final double compression;
    private final boolean keyed;
    private final boolean ignoreMissing;

    PercentilesProcessor(String tag, String description, String field, String targetField, double[] percents,
                         Method method, double compression, boolean keyed, boolean ignoreMissing) {
        super(tag, description);
        this.field = field;
        this.targetField = targetField;
        this.percents = percents.clone();
        this.keys = new String[percents.length];
        for (int i = 0; i < percents.length; i++) {
            keys[i] = keyFor(percents[i]);
        }
        this.method = method;
        this.compression = compression;
        this.keyed = keyed;
        this.ignoreMissing = ignoreMissing;
    }

    @Override
    public IngestDocument execute(IngestDocument document) {
        Object value = document.getFieldValue(field, Object.class, ignoreMissing);
        if (value == null && ignoreMissing) {
            return document;
        }
        Samples samples = Samples.read(field, value);
        double[] results;
        if (method == Method.TDIGEST && !(samples instanceof Samples.Digest)) {
            MergingDigest digest = samples.toDigest(compression);
            results = new double[percents.length];
            for (int i = 0; i < percents.length; i++) {
                results[i] = digest.percentile(percents[i]);
            }
        } else {
            results = samples.exactPercentiles(percents);
        }
        Map<String, Object> target = new LinkedHashMap<>();
        if (keyed) {
            for (int i = 0; i < keys.length; i++) {
                target.put(keys[i], results[i]);
            }
        } else {
            List<Map<String, Object>> values = new ArrayList<>(percents.length);
            for (int i = 0; i < percents.length; i++) {
                Map<String, Object> entry = new LinkedHashMap<>(2);
                entry.put("percent", percents[i]);
                entry.put("value", results[i]);
                values.add(entry);
            }
            target.put("values", values);
        }
        long count = samples.count();
        double sum = samples.sum();
        target.put("count", count);
        target.put("min", samples.min());
        target.put("max", samples.max());
        target.put("sum", sum);
        target.put("avg", sum / count);
        document.setFieldValue(targetField, target);
        return document;
    }

    /**
     * Output key of a percent: {@code p} plus the number without a trailing {@code .0}, the decimal point written as
     * {@code _} (50 → p50, 99.9 → p99_9), so that keys never contain a dot: Elasticsearch would read a dotted key as
     * an object path, and {@code p99.9} would clash with {@code p99}.
     */
    static String keyFor(double percent) {
        return "p" + BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString().replace('.', '_');
    }

    @Override
    public String getType() {
        return TYPE;
    }

    String field() {
        return field;
    }

    String targetField() {
        return targetField;
    }

    double[] percents() {
        return percents.clone();
    }

    Method method() {
        return method;
    }

    double compression() {
        return compression;
    }

    boolean keyed() {
        return keyed;
    }

    boolean ignoreMissing() {
        return ignoreMissing;
    }

    /** Reads and checks the processor configuration once, when a pipeline is created. */
    public static final class Factory implements Processor.Factory {

        @Override
        public PercentilesProcessor create(Map<String, Processor.Factory> processorFactories, String tag,
                                           String description, Map<String, Object> config) {
            String field = ConfigurationUtils.readStringProperty(TYPE, tag, config, "field");
            String targetField = ConfigurationUtils.readStringProperty(TYPE, tag, config, "target_field",
                    field + "_percentiles");
            List<Object> configuredPercents = ConfigurationUtils.readOptionalList(TYPE, tag, config, "percents");
            double[] percents = configuredPercents == null ? DEFAULT_PERCENTS : readPercents(tag, configuredPercents);
            String methodName = ConfigurationUtils.readStringProperty(TYPE, tag, config, "method", "exact");
            Method method = switch (methodName) {
                case "exact" -> Method.EXACT;
                case "tdigest" -> Method.TDIGEST;
                default -> throw ConfigurationUtils.newConfigurationException(TYPE, tag, "method",
                        "[" + methodName + "] is not supported; use [exact] or [tdigest]");
            };
            Object configuredCompression = config.get("compression");
            if (configuredCompression != null && method != Method.TDIGEST) {
                throw ConfigurationUtils.newConfigurationException(TYPE, tag, "compression",
                        "is only valid with method [tdigest]");
            }
            double compression = DigestSettings.readCompression(TYPE, tag, config);
            boolean keyed = ConfigurationUtils.readBooleanProperty(TYPE, tag, config, "keyed", true);
            boolean ignoreMissing = ConfigurationUtils.readBooleanProperty(TYPE, tag, config, "ignore_missing", false);
            return new PercentilesProcessor(tag, description, field, targetField, percents, method, compression, keyed,
                    ignoreMissing);
        }

        private static double[] readPercents(String tag, List<Object> configured) {
            if (configured.isEmpty()) {
                throw ConfigurationUtils.newConfigurationException(TYPE, tag, "percents",
                        "must list at least one percent");
            }
            double[] percents = new double[configured.size()];
            for (int i = 0; i < percents.length; i++) {
                Object element = configured.get(i);
                if (!(element instanceof Number number)) {
                    throw ConfigurationUtils.newConfigurationException(TYPE, tag, "percents",
                            "[" + Samples.show(element) + "] is not a number");
                }
                double percent = number.doubleValue();
                if (!(percent > 0.0 && percent <= 100.0)) {
                    throw ConfigurationUtils.newConfigurationException(TYPE, tag, "percents",
                            "[" + element + "] is out of range; every percent must be greater than 0 and at most 100");
                }
                for (int j = 0; j < i; j++) {
                    if (percents[j] == percent || keyFor(percents[j]).equals(keyFor(percent))) {
                        throw ConfigurationUtils.newConfigurationException(TYPE, tag, "percents",
                                "[" + element + "] is listed more than once");
                    }
                }
                percents[i] = percent;
            }
            return percents;
        }
    }
}
