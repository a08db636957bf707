package org.elkflow.retention.cluster;

import org.elasticsearch.TransportVersion;
import org.elasticsearch.TransportVersions;
import org.elasticsearch.cluster.AbstractNamedDiffable;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.NamedDiff;
import org.elasticsearch.cluster.metadata.Metadata;
import org.elasticsearch.common.collect.Iterators;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.xcontent.ToXContent;
import org.elasticsearch.xcontent.XContentParser;
import org.elkflow.retention.policy.IndexProgress;

import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the plugin keeps durably, as one cluster-state custom (type {@value #TYPE}): the policy sources as
 * written by users, each managed index's progress, the rollup checkpoints and the counters of
 * {@code GET _retention/stats}. Persisted on every master-eligible node (GATEWAY) and in snapshots, already
 * present on a newly elected master, so failover needs no recovery step. Immutable; {@code with*} methods copy.
 */
public final class RetentionMetadata extends AbstractNamedDiffable<Metadata.Custom> implements Metadata.Custom {

    public static final String TYPE = "elkflow_retention";
    public static final RetentionMetadata EMPTY = new RetentionMetadata(Map.of(), Map.of(), Map.of(), Map.of());

    private final Map<String, Map<String, Object>> policies;
    private final Map<String, Map<String, Object>> indices;
    private final Map<String, Object> checkpoints;
    private final Map<String, Object> stats;

    public RetentionMetadata(Map<String, Map<String, Object>> policies, Map<String, Map<String, Object>> indices,
                             Map<String, Object> checkpoints, Map<String, Object> stats) {
        this.policies = Collections.unmodifiableMap(new TreeMap<>(policies));
        this.indices = Collections.unmodifiableMap(new TreeMap<>(indices));
        this.checkpoints = Collections.unmodifiableMap(new TreeMap<>(checkpoints));
        this.stats = Collections.unmodifiableMap(new TreeMap<>(stats));
    }

    @SuppressWarnings("unchecked")
    public RetentionMetadata(StreamInput in) throws IOException {
        this((Map<String, Map<String, Object>>) (Map<String, ?>) in.readGenericMap(),
                (Map<String, Map<String, Object>>) (Map<String, ?>) in.readGenericMap(), in.readGenericMap(), in.readGenericMap());
    }

    public static RetentionMetadata get(ClusterState state) {
        RetentionMetadata m = state.metadata().custom(TYPE);
        return m == null ? EMPTY : m;
    }

    public Map<String, Map<String, Object>> policies() {
        return policies;
    }

    public Map<String, Map<String, Object>> indices() {
        return indices;
    }

    public Map<String, Object> checkpoints() {
        return checkpoints;
    }

    public Map<String, Object> stats() {
        return stats;
    }

    public IndexProgress progress(String index) {
        Map<String, Object> m = indices.get(index);
        return m == null ? null : IndexProgress.fromMap(m);
    }

    /** Key of a rollup checkpoint: which rollup of which policy has read which source index. */
    public static String checkpointKey(String policy, String rollup, String index) {
        return policy + "/" + rollup + "/" + index;
    }

    public Long checkpoint(String policy, String rollup, String index) {
        Object v = checkpoints.get(checkpointKey(policy, rollup, index));
        return v == null ? null : ((Number) v).longValue();
    }

    public RetentionMetadata withPolicy(String name, Map<String, Object> source) {
        Map<String, Map<String, Object>> p = new TreeMap<>(policies);
        if (source == null) {
            p.remove(name);
        } else {
            p.put(name, source);
        }
        return new RetentionMetadata(p, indices, checkpoints, stats);
    }

    public RetentionMetadata withProgress(String index, IndexProgress progress) {
        Map<String, Map<String, Object>> i = new TreeMap<>(indices);
        if (progress == null) {
            i.remove(index);
        } else {
            i.put(index, progress.toMap());
        }
        return new RetentionMetadata(policies, i, checkpoints, stats);
    }

    public RetentionMetadata withCheckpoint(String key, Long value) {
        Map<String, Object> c = new TreeMap<>(checkpoints);
        if (value == null) {
            c.remove(key);
        } else {
            c.put(key, value);
        }
        return new RetentionMetadata(policies, indices, c, stats);
    }

    /** Drops progress and checkpoints of an index that no longer exists. */
    public RetentionMetadata forgetIndex(String index) {
        Map<String, Object> c = new TreeMap<>(checkpoints);
        c.keySet().removeIf(k -> k.endsWith("/" + index));
        Map<String, Map<String, Object>> i = new TreeMap<>(indices);
        i.remove(index);
        return new RetentionMetadata(policies, i, c, stats);
    }

    public RetentionMetadata addStat(String counter, long delta) {
        Map<String, Object> s = new TreeMap<>(stats);
        Object old = s.get(counter);
        s.put(counter, (old == null ? 0L : ((Number) old).longValue()) + delta);
        return new RetentionMetadata(policies, indices, checkpoints, s);
    }

    /** Sets a text beside the counters (e.g. the last rejected digest of a rollup, shown by {@code _retention/stats}). */
    public RetentionMetadata withStatText(String key, String text) {
        Map<String, Object> s = new TreeMap<>(stats);
        s.put(key, text);
        return new RetentionMetadata(policies, indices, checkpoints, s);
    }

    @Override
    public EnumSet<Metadata.XContentContext> context() {
        return Metadata.ALL_CONTEXTS;
    }

    @Override
    public String getWriteableName() {
        return TYPE;
    }

    @Override
    public TransportVersion getMinimalSupportedVersion() {
        return TransportVersions.V_8_0_0;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeGenericMap(new TreeMap<>(policies));
        out.writeGenericMap(new TreeMap<>(indices));
        out.writeGenericMap(checkpoints);
        out.writeGenericMap(stats);
    }

    public static NamedDiff<Metadata.Custom> readDiffFrom(StreamInput in) throws IOException {
        return readDiffFrom(Metadata.Custom.class, TYPE, in);
    }

    @Override
    public Iterator<? extends ToXContent> toXContentChunked(ToXContent.Params params) {
        return Iterators.single((b, p) -> b.field("policies", policies).field("indices", indices)
                .field("checkpoints", checkpoints).field("stats", stats));
    }

    @SuppressWarnings("unchecked")
    public static RetentionMetadata fromXContent(XContentParser parser) throws IOException {
        Map<String, Object> m = parser.map();
        return new RetentionMetadata(
                (Map<String, Map<String, Object>>) (Map<String, ?>) m.getOrDefault("policies", Map.of()),
                (Map<String, Map<String, Object>>) (Map<String, ?>) m.getOrDefault("indices", Map.of()),
                (Map<String, Object>) m.getOrDefault("checkpoints", Map.of()),
                (Map<String, Object>) m.getOrDefault("stats", Map.of()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetentionMetadata r && policies.equals(r.policies) && indices.equals(r.indices)
                && checkpoints.equals(r.checkpoints) && stats.equals(r.stats);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(policies, indices, checkpoints, stats);
    }
}
