package org.elkflow.sketch;

import java.util.Arrays;

/**
 * Exact percentiles of a small, fully known sample of finite numbers.
 *
 * <h2>Rule</h2>
 * Linear interpolation between closest ranks, the rule Hyndman &amp; Fan number "type 7" (R's default
 * {@code quantile(type = 7)}, numpy's default {@code method="linear"}, spreadsheet {@code PERCENTILE.INC}):
 * <ol>
 *   <li>sort the n values: x[0] ≤ x[1] ≤ … ≤ x[n−1];</li>
 *   <li>for a percent p in [0, 100] the (zero-based) rank is h = p/100 × (n − 1);</li>
 *   <li>with lo = ⌊h⌋ and f = h − lo, the percentile is x[lo] + f × (x[lo+1] − x[lo]); it is x[lo] itself when
 *       f = 0 (so also for lo = n − 1).</li>
 * </ol>
 * Consequences: p = 0 is the minimum and p = 100 the maximum; a single value is every percentile; the result
 * never leaves [min, max] and never decreases when p grows.
 *
 * <p>The rank is computed as p × (n − 1) / 100, which is exact for whole percents and samples below 2^46
 * values, so ranks that should be whole numbers are.
 *
 * <p>Instances are immutable. This class knows nothing about Elasticsearch.
 */
public final class ExactPercentiles {

    private final double[] sorted;

    private ExactPercentiles(double[] sorted) {
        this.sorted = sorted;
    }

    /**
     * Takes a copy of {@code values} and sorts it.
     *
     * @throws IllegalArgumentException when there are no values or one is NaN or infinite
     */
    public static ExactPercentiles of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("at least one value is needed");
        }
        double[] copy = values.clone();
        for (int i = 0; i < copy.length; i++) {
            if (!Double.isFinite(copy[i])) {
                throw new IllegalArgumentException("value [" + i + "] is not a finite number: " + copy[i]);
            }
        }
        Arrays.sort(copy);
        return new ExactPercentiles(copy);
    }

    /** Number of values. */
    public int count() {
        return sorted.length;
    }

    /** The smallest value (the 0th percentile). */
    public double min() {
        return sorted[0];
    }

    /** The largest value (the 100th percentile). */
    public double max() {
        return sorted[sorted.length - 1];
    }

    /**
     * The percentile for {@code percent} by the rule in the class documentation.
     *
     * @param percent in [0, 100]
     * @throws IllegalArgumentException when percent is outside [0, 100] or NaN
     */
    public double percentile(double percent) {
        if (!(percent >= 0.0 && percent <= 100.0)) {
            throw new IllegalArgumentException("percent must be within [0, 100] but was " + percent);
        }
        int last = sorted.length - 1;
        double rank = percent * last / 100.0;
        int lo = Math.min((int) Math.floor(rank), last);
        double fraction = rank - lo;
        if (fraction == 0.0 || lo == last) {
            return sorted[lo];
        }
        return interpolate(sorted[lo], sorted[lo + 1], fraction);
    }

    /** {@link #percentile(double)} for each of {@code percents}, in the same order. */
    public double[] percentiles(double... percents) {
        double[] result = new double[percents.length];
        for (int i = 0; i < percents.length; i++) {
            result[i] = percentile(percents[i]);
        }
        return result;
    }

    /** a + f × (b − a), kept within [a, b] also when b − a overflows (values near ±Double.MAX_VALUE). */
    static double interpolate(double a, double b, double fraction) {
        double span = b - a;
        double value = Double.isInfinite(span) ? a * (1.0 - fraction) + b * fraction : a + fraction * span;
        return Math.min(Math.max(value, a), b);
    }
}
