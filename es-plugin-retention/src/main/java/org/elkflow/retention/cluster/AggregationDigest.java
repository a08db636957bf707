package org.elkflow.retention.cluster;

import org.elasticsearch.search.aggregations.metrics.TDigestState;
import org.elasticsearch.tdigest.Centroid;
import org.elkflow.sketch.MergingDigest;

import java.util.Collection;

/**
 * Turns the t-digest of Elasticsearch's {@code percentiles} aggregation into this project's digest, so every rollup
 * stores one format (elkflow-sketch's versioned layout) instead of Elasticsearch's internal {@code TDigestState}
 * serialization, which is not a storage format and may change with any upgrade. Only the centroids (mean, count)
 * are taken; min, max and sum come from a {@code stats} aggregation of the same field, because the digest's own
 * extremes are centroid means after a reduce and not exact.
 */
final class AggregationDigest {

    private AggregationDigest() {
    }

    /**
     * @param state the percentiles aggregation's digest (null for an empty bucket)
     * @param count value count of the field in the same bucket (stats), which the centroid weights must add up to
     */
    static MergingDigest of(String field, TDigestState state, long count, double min, double max, double sum) {
        if (count == 0) {
            return new MergingDigest();
        }
        if (state == null) {
            throw new IllegalStateException("the percentiles aggregation of [" + field + "] returned no digest for "
                    + count + " values");
        }
        Collection<Centroid> centroids = state.centroids();
        double[] means = new double[centroids.size()];
        long[] weights = new long[means.length];
        long total = 0;
        int i = 0;
        for (Centroid c : centroids) {
            means[i] = c.mean();
            weights[i] = c.count();
            total += c.count();
            i++;
        }
        if (total != count) {
            throw new IllegalStateException("the percentiles aggregation of [" + field + "] holds " + total
                    + " values but the stats aggregation counted " + count);
        }
        return MergingDigest.ofCentroids(MergingDigest.DEFAULT_COMPRESSION, means, weights, min, max, sum);
    }
}
