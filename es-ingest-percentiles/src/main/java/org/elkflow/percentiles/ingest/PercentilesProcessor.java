package org.elkflow.percentiles.ingest;

import org.elasticsearch.ingest.AbstractProcessor;
import org.elasticsearch.ingest.ConfigurationUtils;
import org.elasticsearch.ingest.IngestDocument;
import org.elasticsearch.ingest.Processor;
import org.elkflow.percentiles.math.ExactPercentiles;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingest processor {@code percentiles}: reads an array of numbers from {@code field} and writes exact percentiles of
 * it to {@code target_field}, an object keyed {@code p50}, {@code p75}, {@code p99.9}, … (one double per percent).
 *
 * <p>Percentiles are interpolated linearly between closest ranks: rank = p/100 × (n − 1) over the sorted values
 * (the "R-7" rule, numpy's default); see {@link ExactPercentiles}.
 *
 * <p>Settings: {@code field} (required), {@code target_field} (default {@code <field>_percentiles}),
 * {@code percents} (default [50, 75, 90, 95, 99]; each 0 &lt; p ≤ 100, no duplicates), {@code ignore_missing}
 * (default false).
 */
public final class PercentilesProcessor extends AbstractProcessor {

    public static final String TYPE = "percentiles";

    static final double[] DEFAULT_PERCENTS = {50, 75, 90, 95, 99};
    private static final int MAX_SHOWN_VALUE_CHARS = 100;

    private final String field;
    private final String targetField;
    private final double[] percents;
    private final String[] keys;
    private final boolean ignoreMissing;

    PercentilesProcessor(String tag, String description, String field, String targetField, double[] percents,
                         boolean ignoreMissing) {
        super(tag, description);
        this.field = field;
        this.targetField = targetField;
        this.percents = percents.clone();
        this.keys = new String[percents.length];
        for (int i = 0; i < percents.length; i++) {
            keys[i] = keyFor(percents[i]);
        }
        this.ignoreMissing = ignoreMissing;
    }

    @Override
    public IngestDocument execute(IngestDocument document) {
        Object value = document.getFieldValue(field, Object.class, ignoreMissing);
        if (value == null) {
            if (ignoreMissing) {
                return document;
            }
            throw new IllegalArgumentException("field [" + field + "] is null; an array of numbers is needed");
        }
        double[] results = ExactPercentiles.of(toDoubles(value)).percentiles(percents);
        Map<String, Object> target = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            target.put(keys[i], results[i]);
        }
        document.setFieldValue(targetField, target);
        return document;
    }

    /** Checks the field value and converts it; every error names the field and, for elements, the index. */
    private double[] toDoubles(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("field [" + field + "] is of type [" + typeName(value)
                    + "], but an array of numbers is needed");
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("field [" + field + "] is an empty array; at least one value is needed");
        }
        double[] values = new double[list.size()];
        int i = 0;
        for (Object element : list) {
            if (!(element instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                throw new IllegalArgumentException("field [" + field + "] element [" + i + "] is not a finite number: "
                        + show(element));
            }
            values[i++] = number.doubleValue();
        }
        return values;
    }

    /** Output key of a percent: {@code p} plus the number without a trailing {@code .0} (50 → p50, 99.9 → p99.9). */
    static String keyFor(double percent) {
        return "p" + BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString();
    }

    /** A JSON-like name for the type of a document value. */
    private static String typeName(Object value) {
        if (value instanceof String) {
            return "string";
        } else if (value instanceof Number) {
            return "number";
        } else if (value instanceof Boolean) {
            return "boolean";
        } else if (value instanceof Map<?, ?>) {
            return "object";
        } else if (value instanceof Collection<?>) {
            return "array";
        }
        return value.getClass().getName();
    }

    private static String show(Object element) {
        String text = element instanceof String s ? "\"" + s + "\"" : String.valueOf(element);
        return text.length() > MAX_SHOWN_VALUE_CHARS ? text.substring(0, MAX_SHOWN_VALUE_CHARS) + "…" : text;
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
            boolean ignoreMissing = ConfigurationUtils.readBooleanProperty(TYPE, tag, config, "ignore_missing", false);
            return new PercentilesProcessor(tag, description, field, targetField, percents, ignoreMissing);
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
                            "[" + show(element) + "] is not a number");
                }
                double percent = number.doubleValue();
                if (!(percent > 0.0 && percent <= 100.0)) {
                    throw ConfigurationUtils.newConfigurationException(TYPE, tag, "percents",
                            "[" + element + "] is out of range; every percent must be greater than 0 and at most 100");
                }
                for (int j = 0; j < i; j++) {
                    if (percents[j] == percent) {
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
