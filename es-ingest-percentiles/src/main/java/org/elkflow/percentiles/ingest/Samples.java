package org.elkflow.percentiles.ingest;

import org.elkflow.sketch.ExactPercentiles;
import org.elkflow.sketch.MergingDigest;
import org.elkflow.sketch.WeightedPercentiles;

import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The numbers a document field holds, in one of the three shapes the processors accept: an array of numbers, a
 * histogram object {@code {"values": [...], "counts": [...]}} (Elasticsearch's histogram field format), or a
 * base64 string holding a digest written by the {@code histogram} processor. Every error names the field and,
 * for elements, their position.
 */
abstract class Samples {

    static final int MAX_SHOWN_VALUE_CHARS = 100;

    /** Number of values (Σ counts). */
    abstract long count();

    abstract double min();

    abstract double max();

    abstract double sum();

    /** Exact R-7 percentiles where the shape allows it (a digest is always an estimate). */
    abstract double[] exactPercentiles(double[] percents);

    /** Adds every value to {@code digest} (a digest input is merged). */
    abstract void addTo(MergingDigest digest);

    /** A digest of these samples with {@code compression}. */
    final MergingDigest toDigest(double compression) {
        MergingDigest digest = new MergingDigest(compression);
        addTo(digest);
        return digest;
    }

    static Samples read(String field, Object value) {
        if (value instanceof List<?> list) {
            return new Raw(readNumbers(field, list));
        } else if (value instanceof Map<?, ?> map) {
            return readHistogram(field, map);
        } else if (value instanceof String text) {
            return new Digest(readDigest(field, text));
        } else if (value == null) {
            throw new IllegalArgumentException("field [" + field + "] is null; an array of numbers, a histogram or a "
                    + "digest is needed");
        }
        throw new IllegalArgumentException("field [" + field + "] is of type [" + typeName(value)
                + "], but an array of numbers, a histogram object or a digest string is needed");
    }

    static double[] readNumbers(String field, List<?> list) {
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

    private static Samples readHistogram(String field, Map<?, ?> map) {
        Object values = map.get("values");
        Object counts = map.get("counts");
        if (!(values instanceof List<?> valueList) || !(counts instanceof List<?> countList)) {
            throw new IllegalArgumentException("field [" + field + "] is an object but not a histogram; "
                    + "it needs the arrays [values] and [counts]");
        }
        if (valueList.size() != countList.size()) {
            throw new IllegalArgumentException("field [" + field + "] has " + valueList.size() + " values but "
                    + countList.size() + " counts");
        }
        double[] v = readNumbers(field + ".values", valueList);
        long[] c = new long[v.length];
        long total = 0;
        for (int i = 0; i < c.length; i++) {
            Object element = countList.get(i);
            if (!(element instanceof Number number) || number.doubleValue() < 0
                    || number.doubleValue() != Math.rint(number.doubleValue())
                    || number.doubleValue() > Long.MAX_VALUE / 2) {
                throw new IllegalArgumentException("field [" + field + ".counts] element [" + i
                        + "] is not a non-negative whole number: " + show(element));
            }
            c[i] = number.longValue();
            total += c[i];
        }
        if (total == 0) {
            throw new IllegalArgumentException("field [" + field + ".counts] adds up to 0; at least one value is needed");
        }
        return new Histogram(WeightedPercentiles.of(v, c), v, c);
    }

    static MergingDigest readDigest(String field, String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field [" + field + "] is a string but not a base64 digest: "
                    + show(text), e);
        }
        try {
            MergingDigest digest = MergingDigest.fromBytes(bytes);
            if (digest.count() == 0) {
                throw new IllegalArgumentException("empty digest");
            }
            return digest;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field [" + field + "] is not a valid digest: " + e.getMessage(), e);
        }
    }

    static String typeName(Object value) {
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

    static String show(Object element) {
        String text = element instanceof String s ? "\"" + s + "\"" : String.valueOf(element);
        return text.length() > MAX_SHOWN_VALUE_CHARS ? text.substring(0, MAX_SHOWN_VALUE_CHARS) + "…" : text;
    }

    /** An array of numbers. */
    static final class Raw extends Samples {
        private final double[] values;
        private ExactPercentiles exact;

        Raw(double[] values) {
            this.values = values;
        }

        private ExactPercentiles exact() {
            if (exact == null) {
                exact = ExactPercentiles.of(values);
            }
            return exact;
        }

        @Override
        long count() {
            return values.length;
        }

        @Override
        double min() {
            return exact().min();
        }

        @Override
        double max() {
            return exact().max();
        }

        @Override
        double sum() {
            double sum = 0;
            for (double v : values) {
                sum += v;
            }
            return sum;
        }

        @Override
        double[] exactPercentiles(double[] percents) {
            return exact().percentiles(percents);
        }

        @Override
        void addTo(MergingDigest digest) {
            for (double v : values) {
                digest.add(v);
            }
        }
    }

    /** Values with counts. */
    static final class Histogram extends Samples {
        private final WeightedPercentiles weighted;
        private final double[] values;
        private final long[] counts;

        Histogram(WeightedPercentiles weighted, double[] values, long[] counts) {
            this.weighted = weighted;
            this.values = values;
            this.counts = counts;
        }

        @Override
        long count() {
            return weighted.count();
        }

        @Override
        double min() {
            return weighted.min();
        }

        @Override
        double max() {
            return weighted.max();
        }

        @Override
        double sum() {
            return weighted.sum();
        }

        @Override
        double[] exactPercentiles(double[] percents) {
            double[] result = new double[percents.length];
            for (int i = 0; i < percents.length; i++) {
                result[i] = weighted.percentile(percents[i]);
            }
            return result;
        }

        @Override
        void addTo(MergingDigest digest) {
            for (int i = 0; i < values.length; i++) {
                if (counts[i] > 0) {
                    digest.add(values[i], counts[i]);
                }
            }
        }
    }

    /** A digest from the histogram processor. */
    static final class Digest extends Samples {
        private final MergingDigest digest;

        Digest(MergingDigest digest) {
            this.digest = digest;
        }

        MergingDigest digest() {
            return digest;
        }

        @Override
        long count() {
            return digest.count();
        }

        @Override
        double min() {
            return digest.min();
        }

        @Override
        double max() {
            return digest.max();
        }

        @Override
        double sum() {
            return digest.sum();
        }

        @Override
        double[] exactPercentiles(double[] percents) {
            double[] result = new double[percents.length];
            for (int i = 0; i < percents.length; i++) {
                result[i] = digest.percentile(percents[i]);
            }
            return result;
        }

        @Override
        void addTo(MergingDigest target) {
            target.add(digest);
        }
    }
}
