package org.elkflow.retention.policy;

import java.util.List;
import java.util.Map;

/**
 * A validated retention policy. Built only by {@link PolicyParser}; the JSON source it came from is what is
 * stored, so a policy always reads back exactly as it was written.
 *
 * @param warm   null when the policy has no warm phase
 * @param delete null when indices are never deleted
 */
public record RetentionPolicy(String name, List<String> indexPatterns, IndexDate indexDate, String timeField,
                              WarmPhase warm, DeletePhase delete, List<RollupSpec> rollups, List<AlertSpec> alerts) {

    /** Warm phase: entered when the index is {@code minAge} old; its actions run in the order of {@link #steps()}. */
    public record WarmPhase(TimeSpan minAge, Map<String, String> requireAttributes, Integer replicas,
                            Integer forceMergeSegments, boolean writeBlock) {

        /** The steps of the phase, in execution order. */
        public List<Step> steps() {
            List<Step> steps = new java.util.ArrayList<>();
            if (writeBlock) {
                steps.add(Step.WRITE_BLOCK);
            }
            if (!requireAttributes.isEmpty() || replicas != null) {
                steps.add(Step.ALLOCATE);
            }
            if (forceMergeSegments != null) {
                steps.add(Step.FORCE_MERGE);
            }
            return steps;
        }
    }

    /** Delete phase: the index is deleted once it is {@code minAge} old and every rollup reading it is complete. */
    public record DeletePhase(TimeSpan minAge) {
    }

    /** Per-second rate of a summed field: {@code sum(field) * multiplier / interval seconds} (bps: multiplier 8). */
    public record RateSpec(String name, String field, double multiplier) {
    }

    /**
     * A rollup of source indices into fixed time buckets per group.
     *
     * @param metrics     numeric field to its metrics (sum, min, max, avg, value_count)
     * @param percentiles numeric field to the percents kept (a t-digest per field and bucket, see keepDigests)
     * @param digests     field holding serialized t-digests (es-ingest-percentiles' {@code histogram} processor's
     *                    {@code digest_field}) to the percents kept: the digests of a bucket's documents are merged
     * @param keepDigests  store the serialized t-digest of each percentile and digest field (set when a cascade
     *                     merges them, or by {@code keep_digests: true})
     * @param sourceRollup name of the finer rollup of the same policy this one is computed from, or null for raw data
     * @param target      target index name; {@code {yyyy.MM.dd}}, {@code {yyyy.MM}} or {@code {yyyy}} are
     *                    replaced with the bucket's date
     */
    public record RollupSpec(String name, List<String> sourcePatterns, TimeSpan interval, List<String> groupBy,
                             Map<String, List<String>> metrics, List<RateSpec> rates, Map<String, double[]> percentiles,
                             Map<String, double[]> digests, String target, TimeSpan delay, String sourceRollup,
                             boolean keepDigests) {

        /** True when this rollup is computed from a finer rollup of the same policy (a cascade) instead of raw data. */
        public boolean isCascade() {
            return sourceRollup != null;
        }

        /**
         * Every field whose rollup value is a digest, to its percents: numeric percentile fields first, then digest
         * fields (a cascade merges both kinds the same way, from the finer rollup's stored digests).
         */
        public Map<String, double[]> digestFields() {
            Map<String, double[]> all = new java.util.LinkedHashMap<>(percentiles);
            all.putAll(digests);
            return all;
        }

        /** The same rollup storing its digests. */
        public RollupSpec keepingDigests() {
            return new RollupSpec(name, sourcePatterns, interval, groupBy, metrics, rates, percentiles, digests, target, delay,
                    sourceRollup, true);
        }

        /** The target name with its date placeholders as wildcards. */
        public String targetPattern() {
            return target.replaceAll("\\{[^}]*}", "*");
        }
    }

    /**
     * A threshold on a rollup metric, evaluated per group and window.
     *
     * @param metric a field of the rollup document, e.g. {@code event.duration.p95}, {@code bps} or
     *               {@code network.bytes.sum}
     */
    public record AlertSpec(String name, String rollup, String metric, String operator, double threshold,
                            int consecutiveWindows, String index) {

        public boolean breaches(double value) {
            return switch (operator) {
                case "gt" -> value > threshold;
                case "gte" -> value >= threshold;
                case "lt" -> value < threshold;
                default -> value <= threshold;
            };
        }
    }

    /** The actions of phases. */
    public enum Step {
        WRITE_BLOCK, ALLOCATE, FORCE_MERGE, DELETE;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** True if the policy's phases manage {@code index}: it matches and is not one of the policy's rollup targets. */
    public boolean appliesTo(String index) {
        return IndexPatterns.matchesAny(indexPatterns, index) && !isRollupTarget(index);
    }

    /** True if {@code index} is written by one of this policy's rollups (so never read or managed as raw data). */
    public boolean isRollupTarget(String index) {
        for (RollupSpec r : rollups) {
            if (IndexPatterns.matches(r.targetPattern(), index)) {
                return true;
            }
        }
        return false;
    }
}
