package org.elkflow.retention.cluster;

import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.metadata.IndexMetadata;
import org.elkflow.retention.policy.PolicyParser;
import org.elkflow.retention.policy.PolicyValidationException;
import org.elkflow.retention.policy.RetentionPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** An index together with the policy that manages it and the start of its day; resolved from a cluster state. */
record ManagedIndex(String index, RetentionPolicy policy, long dayStart, List<String> otherPolicies) {

    /** Parses every stored policy (stored ones were validated at PUT; a broken one is skipped, never fatal). */
    static List<RetentionPolicy> policies(RetentionMetadata md) {
        List<RetentionPolicy> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : md.policies().entrySet()) {
            try {
                out.add(PolicyParser.parse(e.getKey(), e.getValue()));
            } catch (PolicyValidationException ignored) {
                // cannot happen for policies accepted by PUT; ignore rather than stop all work
            }
        }
        return out;
    }

    /** The index's managing policy (the first by name when several match), or null when none applies. */
    static ManagedIndex resolve(String index, IndexMetadata im, List<RetentionPolicy> policies) {
        RetentionPolicy chosen = null;
        long day = 0;
        List<String> others = new ArrayList<>();
        for (RetentionPolicy p : policies) {
            if (!p.appliesTo(index) || (p.warm() == null && p.delete() == null)) {
                continue;
            }
            OptionalLong d = p.indexDate().dayStartMillis(index, im.getCreationDate());
            if (d.isEmpty()) {
                continue;
            }
            if (chosen == null) {
                chosen = p;
                day = d.getAsLong();
            } else {
                others.add(p.name());
            }
        }
        return chosen == null ? null : new ManagedIndex(index, chosen, day, others);
    }

    static List<ManagedIndex> all(ClusterState state, List<RetentionPolicy> policies) {
        List<ManagedIndex> out = new ArrayList<>();
        for (IndexMetadata im : state.metadata().indices().values()) {
            if (im.getIndex().getName().startsWith(".")) {
                continue;
            }
            ManagedIndex m = resolve(im.getIndex().getName(), im, policies);
            if (m != null) {
                out.add(m);
            }
        }
        out.sort(java.util.Comparator.comparing(ManagedIndex::index));
        return out;
    }
}
