package org.elkflow.retention.rollup;

import org.elkflow.retention.policy.PolicyParser;
import org.elkflow.retention.policy.RetentionPolicy.RateSpec;
import org.elkflow.retention.policy.RetentionPolicy.RollupSpec;
import org.elkflow.retention.policy.RollupFields;
import org.elkflow.sketch.MergingDigest;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregated values of one (bucket, group) and the rollup document made of them. Fed by the adapter from an
 * aggregation response (or by a test from raw documents), so the document layout is defined in one place:
 * <pre>
 * {"@timestamp": start, "rollup": name, "interval": "5m", "doc_count": n,
 *  "&lt;group field&gt;": value, ...,
 *  "&lt;field&gt;": {"sum": .., "min": .., "max": .., "avg": .., "value_count": ..},
 *  "&lt;rate name&gt;": per-second rate,
 *  "&lt;percentile or digest field&gt;": {"p95": .., "count": .., "min": .., "max": .., "digest": base64}}
 * </pre>
 * Every percentile and digest field's values come from one {@link MergingDigest} (elkflow-sketch's layout), so the
 * stored {@code p95} is exactly what the stored {@code digest} answers, whichever source the digest was built from
 * (an aggregation's centroids, merged ingest digests, or a cascade's merge).
 */
public final class RollupBucket {

    private final RollupSpec spec;
    private final long start;
    private final List<Object> groupValues;
    private final long docCount;
    private final Map<String, double[]> stats = new HashMap<>(); // field -> sum, min, max, count
    private final Map<String, Map<String, Object>> percentiles = new HashMap<>();

    public RollupBucket(RollupSpec spec, long start, List<Object> groupValues, long docCount) {
        this.spec = spec;
        this.start = start;
        this.groupValues = groupValues;
        this.docCount = docCount;
    }

    /** Fields whose sum/min/max/count must be aggregated: metric fields plus rate fields. */
    public static List<String> statFields(RollupSpec spec) {
        List<String> out = new ArrayList<>(spec.metrics().keySet());
        for (RateSpec r : spec.rates()) {
            if (!out.contains(r.field())) {
                out.add(r.field());
            }
        }
        return out;
    }

    public RollupBucket stats(String field, double sum, double min, double max, long count) {
        stats.put(field, new double[] {sum, min, max, count});
        return this;
    }

    /**
     * The percentiles ({@code p95} keys) and exact count, min and max of {@code digest}; with {@code keep} also the
     * digest itself (base64 of its binary layout) for exact merges later. An empty digest (no values in this bucket
     * and group) gives null percentiles and count 0.
     */
    public RollupBucket digest(String field, double[] percents, MergingDigest digest, boolean keep) {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean empty = digest.count() == 0;
        for (double p : percents) {
            m.put(PolicyParser.percentKey(p), empty ? null : digest.percentile(p));
        }
        m.put("count", digest.count());
        m.put("min", empty ? null : digest.min());
        m.put("max", empty ? null : digest.max());
        if (keep && !empty) {
            m.put(RollupFields.DIGEST, Base64.getEncoder().encodeToString(digest.toBytes()));
        }
        percentiles.put(field, m);
        return this;
    }

    public String id() {
        return RollupDocId.of(spec.name(), start, groupValues);
    }

    /** The unhashed form of {@link #id()} ({@link RollupDocId#key}), which {@link DigestMerger} groups by. */
    public String key() {
        return RollupDocId.key(spec.name(), start, groupValues);
    }

    public long start() {
        return start;
    }

    public String index() {
        return RollupWindows.targetIndex(spec.target(), start);
    }

    public Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(RollupFields.TIMESTAMP, start);
        doc.put("rollup", spec.name());
        doc.put("interval", spec.interval().text());
        doc.put(RollupFields.DOC_COUNT, docCount);
        for (int i = 0; i < spec.groupBy().size(); i++) {
            doc.put(spec.groupBy().get(i), groupValues.get(i));
        }
        double seconds = spec.interval().millis() / 1000.0;
        for (Map.Entry<String, List<String>> e : spec.metrics().entrySet()) {
            double[] s = stats.get(e.getKey());
            Map<String, Object> m = new LinkedHashMap<>();
            for (String metric : e.getValue()) {
                long count = s == null ? 0 : (long) s[3];
                Object v = switch (metric) {
                    case "sum" -> s == null ? 0.0 : s[0];
                    case "min" -> count == 0 ? null : s[1];
                    case "max" -> count == 0 ? null : s[2];
                    case "avg" -> count == 0 ? null : s[0] / count;
                    default -> count;
                };
                m.put(metric, v);
            }
            doc.put(e.getKey(), m);
        }
        for (RateSpec r : spec.rates()) {
            double[] s = stats.get(r.field());
            doc.put(r.name(), s == null ? 0.0 : s[0] * r.multiplier() / seconds);
        }
        for (Map.Entry<String, Map<String, Object>> e : percentiles.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> existing = doc.get(e.getKey()) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
            if (existing != null) {
                existing.putAll(e.getValue());
            } else {
                doc.put(e.getKey(), e.getValue());
            }
        }
        return doc;
    }

}
