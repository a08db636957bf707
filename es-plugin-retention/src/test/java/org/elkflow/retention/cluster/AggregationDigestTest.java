package org.elkflow.retention.cluster;

import org.elasticsearch.search.aggregations.metrics.TDigestState;
import org.elkflow.sketch.ExactPercentiles;
import org.elkflow.sketch.MergingDigest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Elasticsearch's own TDigestState (the percentiles aggregation's digest) converted to elkflow-sketch's digest. */
class AggregationDigestTest {

    @Test
    void smallSamplesConvertExactly() {
        double[] values = {120, 15, 33, 48, 250, 17, 19, 21, 1800, 40, 55};
        TDigestState state = TDigestState.createWithoutCircuitBreaking(100);
        Arrays.stream(values).forEach(state::add);
        MergingDigest d = AggregationDigest.of("rt", state, values.length, 15, 1800, Arrays.stream(values).sum());
        ExactPercentiles exact = ExactPercentiles.of(values);
        for (double p : new double[] {1, 25, 50, 75, 95, 99}) {
            assertEquals(exact.percentile(p), d.percentile(p), 1e-9, "p" + p);
        }
        state.close();
    }

    @Test
    void largeSamplesKeepExactStatisticsAndTheRankBound() {
        Random rnd = new Random(3);
        double[] values = new double[100_000];
        TDigestState state = TDigestState.createWithoutCircuitBreaking(100);
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.exp(4 + 1.2 * rnd.nextGaussian());
            state.add(values[i]);
        }
        // merged as the aggregation's reduce does: the state of two shards
        TDigestState other = TDigestState.createWithoutCircuitBreaking(100);
        other.add(state);
        double sum = Arrays.stream(values).sum();
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        MergingDigest d = AggregationDigest.of("rt", other, values.length, sorted[0], sorted[sorted.length - 1], sum);
        assertEquals(values.length, d.count());
        assertEquals(sorted[0], d.min());
        assertEquals(sorted[sorted.length - 1], d.max());
        assertEquals(sum, d.sum());
        for (double p : new double[] {50, 75, 90, 95, 99}) {
            double q = p / 100;
            double estimate = d.percentile(p);
            int below = Math.abs(Arrays.binarySearch(sorted, estimate));
            double rankError = Math.abs((double) Math.min(below, sorted.length) / sorted.length - q);
            assertTrue(rankError <= 0.005 * q, "p" + p + " rank error " + rankError);
        }
        // survives the binary layout with its exact extremes
        MergingDigest copy = MergingDigest.fromBytes(d.toBytes());
        assertEquals(sorted[0], copy.min());
        state.close();
        other.close();
    }

    @Test
    void emptyBucketsAndInconsistentCounts() {
        assertEquals(0, AggregationDigest.of("rt", null, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0).count());
        TDigestState state = TDigestState.createWithoutCircuitBreaking(100);
        state.add(1);
        state.add(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AggregationDigest.of("rt", state, 3, 1, 2, 3));
        assertTrue(e.getMessage().contains("holds 2 values but the stats aggregation counted 3"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> AggregationDigest.of("rt", null, 1, 1, 1, 1));
        state.close();
    }
}
