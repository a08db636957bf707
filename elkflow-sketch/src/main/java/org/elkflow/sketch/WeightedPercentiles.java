package org.elkflow.sketch;

import java.util.Arrays;

/**
 * Exact percentiles of a sample given as a histogram: distinct (or repeated) values, each with a whole-number
 * count. The result is the one {@link ExactPercentiles} gives for the expanded sample (every value repeated
 * {@code count} times), without expanding it: the same R-7 rule, rank h = p/100 × (n − 1) with n = Σ counts.
 *
 * <p>Values with count 0 are ignored. Instances are immutable; this class knows nothing about Elasticsearch.
 */
public final class WeightedPercentiles {

    private final double[] values;   // ascending, each with count > 0
    private final long[] cumulative; // cumulative[i] = Σ counts[0..i]
    private final double sum;

    private WeightedPercentiles(double[] values, long[] cumulative, double sum) {
        this.values = values;
        this.cumulative = cumulative;
        this.sum = sum;
    }

    /**
     * @param values finite numbers, any order
     * @param counts non-negative counts, same length as values, at least one positive
     * @throws IllegalArgumentException naming the offending position
     */
    public static WeightedPercentiles of(double[] values, long[] counts) {
        if (values.length != counts.length) {
            throw new IllegalArgumentException("values has " + values.length + " elements but counts has "
                    + counts.length);
        }
        int n = values.length;
        Integer[] order = new Integer[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("value [" + i + "] is not a finite number: " + values[i]);
            }
            if (counts[i] < 0) {
                throw new IllegalArgumentException("count [" + i + "] is negative: " + counts[i]);
            }
            if (counts[i] > 0) {
                order[kept++] = i;
            }
        }
        if (kept == 0) {
            throw new IllegalArgumentException("the counts add up to 0; at least one value is needed");
        }
        Integer[] live = Arrays.copyOf(order, kept);
        Arrays.sort(live, (a, b) -> Double.compare(values[a], values[b]));
        double[] sortedValues = new double[kept];
        long[] cumulative = new long[kept];
        long total = 0;
        double sum = 0;
        for (int i = 0; i < kept; i++) {
            int at = live[i];
            sortedValues[i] = values[at];
            total = Math.addExact(total, counts[at]);
            cumulative[i] = total;
            sum += values[at] * counts[at];
        }
        return new WeightedPercentiles(sortedValues, cumulative, sum);
    }

    /** n = Σ counts. */
    public long count() {
        return cumulative[cumulative.length - 1];
    }

    public double min() {
        return values[0];
    }

    public double max() {
        return values[values.length - 1];
    }

    /** Σ value × count. */
    public double sum() {
        return sum;
    }

    /** The value at zero-based position {@code index} of the expanded, sorted sample. */
    private double valueAt(long index) {
        int found = Arrays.binarySearch(cumulative, index + 1);
        int at = found >= 0 ? found : -found - 1;
        return values[at];
    }

    /** The R-7 percentile of the expanded sample; percent in [0, 100]. */
    public double percentile(double percent) {
        if (!(percent >= 0.0 && percent <= 100.0)) {
            throw new IllegalArgumentException("percent must be within [0, 100] but was " + percent);
        }
        long last = count() - 1;
        double rank = percent * last / 100.0;
        long lo = Math.min((long) Math.floor(rank), last);
        double fraction = rank - lo;
        double low = valueAt(lo);
        if (fraction == 0.0 || lo == last) {
            return low;
        }
        return ExactPercentiles.interpolate(low, valueAt(lo + 1), fraction);
    }
}
