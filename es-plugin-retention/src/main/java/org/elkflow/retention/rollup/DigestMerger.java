package org.elkflow.retention.rollup;

import org.elkflow.retention.policy.RetentionPolicy.RollupSpec;
import org.elkflow.retention.policy.RollupFields;
import org.elkflow.sketch.MergingDigest;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the serialized t-digests of documents per (bucket, group) of a rollup: the digest fields the
 * {@code histogram} ingest processor writes (raw documents), or the {@code digest} a finer rollup stored (cascades).
 * A composite aggregation cannot merge binary digests, so the adapter reads the documents and feeds them here; the
 * merged groups are keyed by the rollup document key ({@link RollupDocId#key}), so they meet the aggregation's
 * bucket of the same bucket and group values.
 *
 * <p>Merged digests use the default compression (δ = {@value MergingDigest#DEFAULT_COMPRESSION}), whatever δ the
 * inputs had, so rollup digests have one size. Unreadable digests are left out and recorded in
 * {@link DigestRejections}; the document's other digests still count.
 */
public final class DigestMerger {

    /** The merged digests of one bucket and group. */
    public static final class Group {
        private final long start;
        private final List<Object> groupValues;
        private final Map<String, MergingDigest> digests = new LinkedHashMap<>();
        private long docs;

        Group(long start, List<Object> groupValues) {
            this.start = start;
            this.groupValues = groupValues;
        }

        public long start() {
            return start;
        }

        public List<Object> groupValues() {
            return groupValues;
        }

        /** Documents that contributed (with or without a readable digest). */
        public long docs() {
            return docs;
        }

        /** The merged digest of {@code field}; empty when no document of the group had a readable one. */
        public MergingDigest digest(String field) {
            return digests.getOrDefault(field, new MergingDigest());
        }
    }

    private final RollupSpec spec;
    private final Map<String, String> paths;
    private final Map<String, String> legacyPaths;
    private final DigestRejections rejections;
    private final Map<String, Group> groups = new LinkedHashMap<>();

    private DigestMerger(RollupSpec spec, Map<String, String> paths, Map<String, String> legacyPaths, DigestRejections rejections) {
        this.spec = spec;
        this.paths = paths;
        this.legacyPaths = legacyPaths;
        this.rejections = rejections;
    }

    /** For raw documents: each of the rollup's digest fields holds base64 digests (a string or an array of them). */
    public static DigestMerger forRawDocuments(RollupSpec spec, DigestRejections rejections) {
        Map<String, String> paths = new LinkedHashMap<>();
        spec.digests().keySet().forEach(f -> paths.put(f, f));
        return new DigestMerger(spec, paths, Map.of(), rejections);
    }

    /**
     * For a cascade over the finer rollup's documents: every percentile and digest field's {@code digest}. A
     * {@code tdigest} there (Elasticsearch's internal layout, written by earlier versions of this plugin) cannot be
     * read, so it is rejected rather than skipped unnoticed.
     */
    public static DigestMerger forRollupDocuments(RollupSpec coarse, DigestRejections rejections) {
        Map<String, String> paths = new LinkedHashMap<>();
        Map<String, String> legacy = new LinkedHashMap<>();
        for (String f : coarse.digestFields().keySet()) {
            paths.put(f, f + "." + RollupFields.DIGEST);
            legacy.put(f, f + ".tdigest");
        }
        return new DigestMerger(coarse, paths, legacy, rejections);
    }

    /**
     * Adds one document to every (bucket, group) it belongs to, as a composite aggregation with
     * {@code missing_bucket} counts it: one bucket per distinct time value's window inside [from, upTo), one group
     * per combination of its distinct values of the group fields (a field without values is the null group).
     *
     * @param timestamps  the document's time values (epoch millis)
     * @param groupValues per group-by field, the document's values (empty when missing)
     */
    public void add(String index, String docId, Collection<Long> timestamps, List<? extends Collection<?>> groupValues,
                    long from, long upTo, Map<String, ?> source) {
        long interval = spec.interval().millis();
        Set<Long> buckets = new LinkedHashSet<>();
        for (long t : timestamps) {
            if (t >= from && t < upTo) {
                buckets.add(RollupWindows.floor(t, interval));
            }
        }
        if (buckets.isEmpty()) {
            return;
        }
        Map<String, List<MergingDigest>> parsed = parse(index, docId, source);
        List<List<Object>> combinations = combinations(groupValues);
        for (long start : buckets) {
            for (List<Object> group : combinations) {
                Group g = groups.computeIfAbsent(RollupDocId.key(spec.name(), start, group), k -> new Group(start, group));
                g.docs++;
                parsed.forEach((field, digests) -> {
                    MergingDigest into = g.digests.computeIfAbsent(field, f -> new MergingDigest());
                    digests.forEach(into::add);
                });
            }
        }
    }

    /** Adds a document that belongs to exactly one bucket and group (a finer rollup's document). */
    public void add(String index, String docId, long timestamp, List<Object> group, Map<String, ?> source) {
        List<List<Object>> single = new ArrayList<>();
        for (Object v : group) {
            single.add(v == null ? List.of() : List.of(v));
        }
        add(index, docId, List.of(timestamp), single, Long.MIN_VALUE, Long.MAX_VALUE, source);
    }

    /**
     * The merged group of the rollup document with key {@code key} ({@link RollupBucket#key()}), removed from this
     * merger; null when there is none.
     */
    public Group take(String key) {
        return groups.remove(key);
    }

    /** Groups not taken yet, in the order they were first seen. */
    public Collection<Group> remaining() {
        return groups.values();
    }

    private Map<String, List<MergingDigest>> parse(String index, String docId, Map<String, ?> source) {
        Map<String, List<MergingDigest>> out = new LinkedHashMap<>();
        paths.forEach((field, path) -> {
            List<MergingDigest> digests = new ArrayList<>();
            List<Object> values = SourcePath.values(source, path);
            for (Object value : values) {
                for (Object one : value instanceof List<?> list ? list : List.of(value)) {
                    if (one == null) {
                        continue;
                    }
                    try {
                        digests.add(decode(one));
                    } catch (IllegalArgumentException e) {
                        rejections.reject(index, docId, path, e.getMessage());
                    }
                }
            }
            String legacy = legacyPaths.get(field);
            if (values.isEmpty() && legacy != null && !SourcePath.values(source, legacy).isEmpty()) {
                rejections.reject(index, docId, legacy, "a digest in Elasticsearch's internal TDigestState layout (written "
                        + "by an earlier version of this plugin) cannot be merged; only the elkflow-sketch layout can");
            }
            if (!digests.isEmpty()) {
                out.put(field, digests);
            }
        });
        return out;
    }

    /** A base64 string of elkflow-sketch's digest layout. */
    static MergingDigest decode(Object value) {
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("expected a base64 digest string but found " + value.getClass().getSimpleName()
                    + " [" + abbreviate(String.valueOf(value)) + "]");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64: " + e.getMessage() + " [" + abbreviate(s) + "]");
        }
        return MergingDigest.fromBytes(bytes);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** Every combination of one value per field; a field without values contributes null (the missing bucket). */
    static List<List<Object>> combinations(List<? extends Collection<?>> valuesPerField) {
        List<List<Object>> out = new ArrayList<>();
        out.add(new ArrayList<>());
        for (Collection<?> values : valuesPerField) {
            Set<Object> distinct = new LinkedHashSet<>(values);
            if (distinct.isEmpty()) {
                distinct.add(null);
            }
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> prefix : out) {
                for (Object v : distinct) {
                    List<Object> combination = new ArrayList<>(prefix);
                    combination.add(v);
                    next.add(combination);
                }
            }
            out = next;
        }
        return out;
    }
}
