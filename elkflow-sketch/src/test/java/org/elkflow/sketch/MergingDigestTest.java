package org.elkflow.sketch;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MergingDigestTest {

    static final int N = 1_000_000;
    static final double[] PERCENTS = {50, 75, 90, 95, 99};
    /** The bound the issue asks for: relative rank error at most 0.5 % for p50..p99 at the default compression. */
    static final double MAX_RELATIVE_RANK_ERROR = 0.005;

    /** Sorted reference sample and the rank error of an estimate against it. */
    static final class Reference {
        final double[] sorted;

        Reference(double[] values) {
            sorted = values.clone();
            Arrays.sort(sorted);
        }

        /**
         * How far the estimate's rank is from q: the estimate x covers the fractions [F(x−), F(x)] of the sample
         * (values below, values at most x); the error is the distance from q to that interval.
         */
        double rankError(double q, double estimate) {
            double below = lowerBound(estimate) / (double) sorted.length;
            double atMost = upperBound(estimate) / (double) sorted.length;
            if (q < below) {
                return below - q;
            }
            return q > atMost ? q - atMost : 0.0;
        }

        private int lowerBound(double x) {
            int lo = 0;
            int hi = sorted.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] < x) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        private int upperBound(double x) {
            int lo = 0;
            int hi = sorted.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] <= x) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    static double[] sample(String distribution, int n, long seed) {
        Random random = new Random(seed);
        DoubleSupplier next = switch (distribution) {
            case "uniform" -> () -> random.nextDouble() * 1000;
            case "lognormal" -> () -> Math.exp(4 + 1.2 * random.nextGaussian());
            case "bimodal" -> () -> random.nextDouble() < 0.7 ? 80 + 10 * random.nextGaussian()
                    : 900 + 150 * random.nextGaussian();
            default -> throw new IllegalArgumentException(distribution);
        };
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = next.getAsDouble();
        }
        return values;
    }

    private static double worstRelativeError(MergingDigest digest, Reference reference, String label) {
        double worst = 0;
        StringBuilder line = new StringBuilder(String.format("[accuracy] %-24s centroids=%4d bytes=%5d",
                label, digest.centroidCount(), digest.toBytes().length));
        for (double p : PERCENTS) {
            double q = p / 100;
            double relative = reference.rankError(q, digest.percentile(p)) / q;
            worst = Math.max(worst, relative);
            line.append(String.format(" p%s=%.5f%%", (int) p, relative * 100));
        }
        System.out.println(line);
        return worst;
    }

    @Test
    void rankErrorOnMillionSampleDistributionsAtDefaultCompression() {
        for (String distribution : new String[] {"uniform", "lognormal", "bimodal"}) {
            double[] values = sample(distribution, N, 42);
            MergingDigest digest = new MergingDigest();
            for (double v : values) {
                digest.add(v);
            }
            Reference reference = new Reference(values);
            double worst = worstRelativeError(digest, reference, distribution + " δ=200 (default)");
            assertTrue(worst <= MAX_RELATIVE_RANK_ERROR, distribution + ": worst relative rank error " + worst);
            assertEquals(N, digest.count());
            assertEquals(reference.sorted[0], digest.min());
            assertEquals(reference.sorted[N - 1], digest.max());
            assertEquals(digest.min(), digest.percentile(0));
            assertEquals(digest.max(), digest.percentile(100));
        }
    }

    @Test
    void accuracyTableForOtherCompressions() {
        double[] values = sample("lognormal", N, 7);
        Reference reference = new Reference(values);
        for (double compression : new double[] {50, 100, 500}) {
            MergingDigest digest = MergingDigest.of(compression, values);
            double worst = worstRelativeError(digest, reference, "lognormal δ=" + (int) compression);
            assertTrue(worst <= 200 / compression * MAX_RELATIVE_RANK_ERROR, "δ=" + compression + ": " + worst);
        }
    }

    @Test
    void mergedDigestsMatchTheDigestOfTheUnion() {
        double[] a = sample("lognormal", N / 2, 1);
        double[] b = sample("bimodal", N / 2, 2);
        double[] union = new double[N];
        System.arraycopy(a, 0, union, 0, a.length);
        System.arraycopy(b, 0, union, a.length, b.length);
        Reference reference = new Reference(union);

        MergingDigest merged = MergingDigest.of(MergingDigest.DEFAULT_COMPRESSION, a);
        MergingDigest digestB = MergingDigest.of(MergingDigest.DEFAULT_COMPRESSION, b);
        // through the wire format, as the retention rollups would
        merged.add(MergingDigest.fromBytes(digestB.toBytes()));
        MergingDigest direct = MergingDigest.of(MergingDigest.DEFAULT_COMPRESSION, union);

        assertTrue(worstRelativeError(merged, reference, "merged A+B") <= MAX_RELATIVE_RANK_ERROR);
        assertTrue(worstRelativeError(direct, reference, "digest of A∪B") <= MAX_RELATIVE_RANK_ERROR);
        for (double p : PERCENTS) {
            double q = p / 100;
            // both estimates are within the bound of the true rank, hence within twice the bound of each other
            double rankOfMerged = reference.rankError(q, merged.percentile(p));
            assertTrue(rankOfMerged <= MAX_RELATIVE_RANK_ERROR * q, "p" + p);
        }
        assertEquals(N, merged.count());
        assertEquals(direct.min(), merged.min());
        assertEquals(direct.max(), merged.max());
        assertEquals(direct.sum(), merged.sum(), Math.abs(direct.sum()) * 1e-9);
    }

    @Test
    void manySmallDigestsMergeLikeRollups() {
        // 1000 documents of 100 values each (the histogram processor's case), merged one by one
        double[] all = sample("lognormal", 100_000, 3);
        MergingDigest rollup = new MergingDigest();
        for (int doc = 0; doc < 1000; doc++) {
            MergingDigest perDocument = MergingDigest.of(MergingDigest.DEFAULT_COMPRESSION, Arrays.copyOfRange(all, doc * 100, doc * 100 + 100));
            rollup.add(MergingDigest.fromBytes(perDocument.toBytes()));
        }
        assertTrue(worstRelativeError(rollup, new Reference(all), "1000 docs x 100 merged") <= MAX_RELATIVE_RANK_ERROR);
    }

    @Test
    void smallSamplesAreExactR7() {
        double[] values = {120, 15, 33, 48, 250, 17, 19, 21, 1800, 40, 55, 3, 3, 3, 7.5};
        MergingDigest digest = MergingDigest.of(MergingDigest.DEFAULT_COMPRESSION, values);
        ExactPercentiles exact = ExactPercentiles.of(values);
        for (double p = 0; p <= 100; p += 0.5) {
            assertEquals(exact.percentile(p), digest.percentile(p), 1e-9, "p" + p);
        }
        assertEquals(MergingDigest.of(MergingDigest.DEFAULT_COMPRESSION, 5).percentile(50), 5.0);
    }

    @Test
    void weightedAddsEqualRepeatedAdds() {
        MergingDigest weighted = new MergingDigest();
        MergingDigest repeated = new MergingDigest();
        for (int v = 1; v <= 50; v++) {
            weighted.add(v, v);
            for (int i = 0; i < v; i++) {
                repeated.add(v);
            }
        }
        assertEquals(repeated.count(), weighted.count());
        for (double p : PERCENTS) {
            assertEquals(repeated.percentile(p), weighted.percentile(p), 1.0, "p" + p);
        }
    }

    @Test
    void addingADigestToItselfDoublesTheCounts() {
        MergingDigest digest = MergingDigest.of(MergingDigest.DEFAULT_COMPRESSION, 1, 2, 3, 4);
        digest.add(digest);
        assertEquals(8, digest.count());
        assertEquals(20, digest.sum());
        assertEquals(2.5, digest.percentile(50));
    }

    @Test
    void serializationRoundTrips() {
        MergingDigest digest = MergingDigest.of(MergingDigest.DEFAULT_COMPRESSION, sample("bimodal", 10_000, 9));
        byte[] bytes = digest.toBytes();
        MergingDigest copy = MergingDigest.fromBytes(bytes);
        assertArrayEquals(bytes, copy.toBytes());
        assertEquals(digest.count(), copy.count());
        assertEquals(digest.sum(), copy.sum());
        for (double p : PERCENTS) {
            assertEquals(digest.percentile(p), copy.percentile(p));
        }
        assertEquals('E', bytes[0]);
        assertEquals('T', bytes[1]);
        assertEquals(1, bytes[2]);
    }

    @Test
    void corruptBytesAreRejected() {
        byte[] good = MergingDigest.of(MergingDigest.DEFAULT_COMPRESSION, 1, 2, 3).toBytes();
        assertThrows(IllegalArgumentException.class, () -> MergingDigest.fromBytes(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> MergingDigest.fromBytes(Arrays.copyOf(good, good.length - 1)));
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThrows(IllegalArgumentException.class, () -> MergingDigest.fromBytes(trailing));
        byte[] version = good.clone();
        version[2] = 2;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MergingDigest.fromBytes(version));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertThrows(IllegalArgumentException.class, () -> MergingDigest.fromBytes(magic));
    }

    @Test
    void rejectsBadInput() {
        MergingDigest digest = new MergingDigest();
        assertThrows(IllegalArgumentException.class, () -> digest.add(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> digest.add(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> digest.add(1, 0));
        assertThrows(IllegalStateException.class, () -> digest.percentile(50));
        assertThrows(IllegalArgumentException.class, () -> new MergingDigest(5));
        assertThrows(IllegalArgumentException.class, () -> new MergingDigest(Double.NaN));
    }

    @Test
    void weightedExactPercentilesEqualTheExpandedSample() {
        double[] values = {30, 10, 20, 40};
        long[] counts = {2, 3, 0, 5};
        double[] expanded = {30, 30, 10, 10, 10, 40, 40, 40, 40, 40};
        WeightedPercentiles weighted = WeightedPercentiles.of(values, counts);
        ExactPercentiles exact = ExactPercentiles.of(expanded);
        for (double p = 0; p <= 100; p += 2.5) {
            assertEquals(exact.percentile(p), weighted.percentile(p), 1e-12, "p" + p);
        }
        assertEquals(10, weighted.count());
        assertEquals(10, weighted.min());
        assertEquals(40, weighted.max());
        assertEquals(290, weighted.sum());
        assertThrows(IllegalArgumentException.class, () -> WeightedPercentiles.of(new double[] {1}, new long[] {0}));
        assertThrows(IllegalArgumentException.class, () -> WeightedPercentiles.of(new double[] {1}, new long[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> WeightedPercentiles.of(new double[] {1, 2}, new long[] {1}));
    }

    @Test
    void centroidsOfAnotherDigestKeepExactStatisticsAndAccuracy() {
        double[] values = sample("lognormal", 200_000, 11);
        Reference reference = new Reference(values);
        // stand-in for a foreign digest: a coarser digest's centroids (their means are never the exact extremes)
        MergingDigest foreign = MergingDigest.of(100, values);
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        MergingDigest converted = MergingDigest.ofCentroids(MergingDigest.DEFAULT_COMPRESSION, foreign.centroidMeans(),
                foreign.centroidWeights(), reference.sorted[0], reference.sorted[values.length - 1], sum);
        assertEquals(values.length, converted.count());
        assertEquals(reference.sorted[0], converted.min());
        assertEquals(reference.sorted[values.length - 1], converted.max());
        assertEquals(sum, converted.sum());
        assertTrue(worstRelativeError(converted, reference, "centroids δ=100 → 200") <= MAX_RELATIVE_RANK_ERROR);
        // exact statistics survive the binary layout and later merges
        MergingDigest copy = MergingDigest.fromBytes(converted.toBytes());
        assertEquals(reference.sorted[0], copy.min());
        copy.add(MergingDigest.of(MergingDigest.DEFAULT_COMPRESSION, 1e9));
        assertEquals(1e9, copy.max());
        assertEquals(values.length + 1, copy.count());
    }

    @Test
    void singleValueCentroidsGiveExactR7() {
        double[] values = {120, 15, 33, 48, 250, 17, 19, 21, 1800, 40, 55, 3, 3, 7.5};
        long[] ones = new long[values.length];
        Arrays.fill(ones, 1);
        double sum = Arrays.stream(values).sum();
        MergingDigest digest = MergingDigest.ofCentroids(MergingDigest.DEFAULT_COMPRESSION, values, ones, 3, 1800, sum);
        ExactPercentiles exact = ExactPercentiles.of(values);
        for (double p = 0; p <= 100; p += 0.5) {
            assertEquals(exact.percentile(p), digest.percentile(p), 1e-9, "p" + p);
        }
    }

    @Test
    void centroidConversionRejectsInconsistentInput() {
        assertEquals(0, MergingDigest.ofCentroids(200, new double[0], new long[0], Double.NaN, Double.NaN, 0).count());
        assertThrows(IllegalArgumentException.class,
                () -> MergingDigest.ofCentroids(200, new double[] {1, 2}, new long[] {1}, 1, 2, 3));
        assertThrows(IllegalArgumentException.class,
                () -> MergingDigest.ofCentroids(200, new double[] {1, 2}, new long[] {1, 0}, 1, 2, 3));
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> MergingDigest.ofCentroids(200, new double[] {1, 5}, new long[] {1, 1}, 1, 2, 6));
        assertTrue(outside.getMessage().contains("centroid [1]"), outside.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MergingDigest.ofCentroids(200, new double[] {1}, new long[] {1}, 2, 1, 1));
        // a rounding error outside the bounds is moved onto the bound
        MergingDigest d = MergingDigest.ofCentroids(200, new double[] {1 - 1e-15, 2}, new long[] {1, 1}, 1, 2, 3);
        assertEquals(1.0, d.centroidMeans()[0]);
    }
}
