package org.elkflow.sketch;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExactPercentilesTest {

    /**
     * Independent reference: the same rule worked out in exact decimal arithmetic with a selection by counting
     * instead of sorting, rounded to double only at the end.
     */
    private static double reference(double[] values, double percent) {
        int n = values.length;
        BigDecimal rank = new BigDecimal(percent).multiply(BigDecimal.valueOf(n - 1))
                .divide(BigDecimal.valueOf(100), MathContext.DECIMAL128);
        int lo = rank.setScale(0, RoundingMode.FLOOR).intValueExact();
        BigDecimal fraction = rank.subtract(BigDecimal.valueOf(lo));
        BigDecimal below = new BigDecimal(kthSmallest(values, lo));
        if (fraction.signum() == 0) {
            return below.doubleValue();
        }
        BigDecimal above = new BigDecimal(kthSmallest(values, lo + 1));
        return below.add(fraction.multiply(above.subtract(below))).doubleValue();
    }

    /** The k-th smallest value (0-based), found by counting, without sorting. */
    private static double kthSmallest(double[] values, int k) {
        for (double candidate : values) {
            int less = 0;
            int equal = 0;
            for (double v : values) {
                if (v < candidate) {
                    less++;
                } else if (v == candidate) {
                    equal++;
                }
            }
            if (less <= k && k < less + equal) {
                return candidate;
            }
        }
        throw new AssertionError("no " + k + "-th value");
    }

    private static void assertClose(double expected, double actual, String what) {
        double tolerance = 1e-12 * Math.max(1.0, Math.abs(expected));
        assertEquals(expected, actual, tolerance, what);
    }

    @Test
    void matchesTheReferenceOnRandomSamples() {
        Random random = new Random(20240607);
        double[] percents = {0.001, 0.1, 1, 5, 10, 12.5, 25, 33.3, 50, 66.6, 75, 90, 95, 99, 99.9, 99.99, 100};
        for (int round = 0; round < 300; round++) {
            int n = 1 + random.nextInt(round < 100 ? 12 : 400);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = switch (round % 3) {
                    case 0 -> random.nextInt(20);                      // many ties
                    case 1 -> random.nextGaussian() * 1e3;             // negatives and fractions
                    default -> Math.exp(random.nextDouble() * 20);     // skewed like latencies
                };
            }
            ExactPercentiles sample = ExactPercentiles.of(values);
            for (double p : percents) {
                assertClose(reference(values, p), sample.percentile(p), "n=" + n + " p=" + p + " " + Arrays.toString(values));
            }
        }
    }

    @Test
    void knownValues() {
        // numpy.percentile(x, p) with its default (linear) method gives the same numbers
        ExactPercentiles a = ExactPercentiles.of(new double[] {15, 20, 35, 40, 50});
        assertEquals(29.0, a.percentile(40), 1e-12);   // rank 1.6: 20 + 0.6 * 15
        assertEquals(35.0, a.percentile(50));          // rank 2: exactly the middle value
        assertEquals(48.0, a.percentile(95), 1e-12);   // rank 3.8: 40 + 0.8 * 10
        ExactPercentiles b = ExactPercentiles.of(new double[] {4, 1, 3, 2});
        assertEquals(2.5, b.percentile(50));
        assertEquals(1.75, b.percentile(25));
        assertEquals(3.25, b.percentile(75));
        ExactPercentiles c = ExactPercentiles.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertEquals(9.1, c.percentile(90), 1e-12);
        assertEquals(9.91, c.percentile(99), 1e-12);
    }

    @Test
    void singleValueIsEveryPercentile() {
        ExactPercentiles one = ExactPercentiles.of(new double[] {42.5});
        for (double p : new double[] {0, 0.0001, 1, 50, 99.999, 100}) {
            assertEquals(42.5, one.percentile(p));
        }
        assertEquals(1, one.count());
    }

    @Test
    void endsAreMinAndMax() {
        ExactPercentiles s = ExactPercentiles.of(new double[] {7, -3, 12, 0.5});
        assertEquals(-3, s.percentile(0));
        assertEquals(12, s.percentile(100));
        assertEquals(-3, s.min());
        assertEquals(12, s.max());
    }

    @Test
    void smallPercentsInterpolateJustAboveTheMinimum() {
        ExactPercentiles s = ExactPercentiles.of(new double[] {10, 20, 30});
        // rank = 0.001/100 * 2 = 0.00002
        assertEquals(10.0002, s.percentile(0.001), 1e-12);
        assertEquals(10, s.percentile(Double.MIN_VALUE), 1e-12);
        assertTrue(s.percentile(0.001) > 10);
    }

    @Test
    void twoValuesInterpolateLinearly() {
        ExactPercentiles s = ExactPercentiles.of(new double[] {100, 0});
        assertEquals(50, s.percentile(50));
        assertEquals(99, s.percentile(99), 1e-12);
        assertEquals(99.9, s.percentile(99.9), 1e-12);
    }

    @Test
    void resultsAreMonotonicAndWithinRange() {
        Random random = new Random(3);
        double[] values = random.doubles(57, -1e6, 1e6).toArray();
        ExactPercentiles s = ExactPercentiles.of(values);
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= 10000; i++) {
            double v = s.percentile(i / 100.0);
            assertTrue(v >= previous, "monotonic at " + i);
            assertTrue(v >= s.min() && v <= s.max());
            previous = v;
        }
    }

    @Test
    void extremeValuesDoNotOverflow() {
        ExactPercentiles s = ExactPercentiles.of(new double[] {-Double.MAX_VALUE, Double.MAX_VALUE});
        assertEquals(0.0, s.percentile(50), Double.MAX_VALUE * 1e-15);
        assertTrue(Double.isFinite(s.percentile(75)));
        assertEquals(Double.MAX_VALUE, s.percentile(100));
    }

    @Test
    void inputIsNotModified() {
        double[] values = {3, 1, 2};
        ExactPercentiles.of(values);
        assertArrayEquals(new double[] {3, 1, 2}, values);
    }

    @Test
    void percentilesKeepsTheOrderOfPercents() {
        ExactPercentiles s = ExactPercentiles.of(new double[] {1, 2, 3, 4, 5});
        assertArrayEquals(new double[] {5, 1, 3}, s.percentiles(100, 0, 50));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> ExactPercentiles.of(new double[0]));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> ExactPercentiles.of(new double[] {1, Double.NaN}));
        assertTrue(nan.getMessage().contains("[1]"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExactPercentiles.of(new double[] {Double.POSITIVE_INFINITY}));
        ExactPercentiles s = ExactPercentiles.of(new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> s.percentile(-0.1));
        assertThrows(IllegalArgumentException.class, () -> s.percentile(100.1));
        assertThrows(IllegalArgumentException.class, () -> s.percentile(Double.NaN));
    }
}
