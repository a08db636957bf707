package org.elkflow.retention.cluster;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.elasticsearch.ResourceAlreadyExistsException;
import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.admin.indices.create.CreateIndexRequest;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.index.IndexRequest;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.support.IndicesOptions;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.search.aggregations.AggregationBuilders;
import org.elasticsearch.search.aggregations.InternalAggregations;
import org.elasticsearch.search.aggregations.bucket.composite.CompositeAggregation;
import org.elasticsearch.search.aggregations.bucket.composite.CompositeAggregationBuilder;
import org.elasticsearch.search.aggregations.bucket.composite.CompositeValuesSourceBuilder;
import org.elasticsearch.search.aggregations.bucket.composite.DateHistogramValuesSourceBuilder;
import org.elasticsearch.search.aggregations.bucket.composite.TermsValuesSourceBuilder;
import org.elasticsearch.search.aggregations.bucket.histogram.DateHistogramInterval;
import org.elasticsearch.search.aggregations.metrics.InternalTDigestPercentiles;
import org.elasticsearch.search.aggregations.metrics.Max;
import org.elasticsearch.search.aggregations.metrics.Min;
import org.elasticsearch.search.aggregations.metrics.Percentiles;
import org.elasticsearch.search.aggregations.metrics.Stats;
import org.elasticsearch.search.aggregations.metrics.Sum;
import org.elasticsearch.search.aggregations.metrics.TDigestState;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.xcontent.XContentType;
import org.elkflow.retention.policy.RetentionPolicy;
import org.elkflow.retention.policy.RetentionPolicy.RollupSpec;
import org.elkflow.retention.policy.RollupFields;
import org.elkflow.retention.rollup.DigestMerger;
import org.elkflow.retention.rollup.DigestRejections;
import org.elkflow.retention.rollup.RollupBucket;
import org.elkflow.retention.rollup.RollupWindows;
import org.elkflow.sketch.MergingDigest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Rolls one source index up for one rollup spec, from its checkpoint to the last window that is complete (ended
 * more than the rollup's delay ago, and not past the index's newest document). One composite aggregation (date
 * histogram + one terms source per group field; stats and percentiles sub-aggregations) is paged through, and each
 * page becomes one bulk request of documents with deterministic ids. The caller stores the new checkpoint only
 * after every page was written, so a batch interrupted by a crash or failover is redone and overwrites the same
 * documents.
 *
 * <p>A rollup with digest fields (serialized t-digests written at ingest) is processed in chunks of about an hour
 * of windows: the chunk's documents carrying digests are read and merged per bucket and group first
 * ({@link DigestReader}, {@link DigestMerger}), then the composite aggregation of the chunk runs and each of its
 * buckets takes its merged digests into the same document. Chunking bounds the merged digests held in memory.
 */
final class RollupRunner {

    static final String TIME = "t";
    private static final String COMPOSITE = "rollup";

    /**
     * Outcome of one batch: windows [from, upTo) written; {@code dataEnd} is the end of the newest data window;
     * {@code completeUpTo}: every window of this source before it is rolled up (as far as data has arrived);
     * {@code more}: the batch stopped at {@code max_windows_per_run} although further windows with data are ready.
     */
    record Result(long from, long upTo, long docs, Long dataEnd, long completeUpTo, DigestRejections rejections, boolean more) {
    }

    private static final Logger logger = LogManager.getLogger(RollupRunner.class);

    private final Client client;
    private final ClusterService clusterService;
    private final DigestReader digestReader;

    RollupRunner(Client client, ClusterService clusterService) {
        this.client = client;
        this.clusterService = clusterService;
        this.digestReader = new DigestReader(client);
    }

    /** End of the newest data window of {@code index} for {@code spec}, or null if the index holds no documents. */
    void dataEnd(String index, RetentionPolicy policy, RollupSpec spec, ActionListener<long[]> listener) {
        dataEnd(index, policy.timeField(), spec, listener);
    }

    /** As above with an explicit time field (cascades read rollup documents' {@code @timestamp}). */
    void dataEnd(String index, String timeField, RollupSpec spec, ActionListener<long[]> listener) {
        SearchRequest req = new SearchRequest(index).indicesOptions(IndicesOptions.lenientExpandOpen()).source(new SearchSourceBuilder()
                .size(0).trackTotalHits(false)
                .aggregation(AggregationBuilders.min("min").field(timeField))
                .aggregation(AggregationBuilders.max("max").field(timeField)));
        client.search(req, listener.delegateFailureAndWrap((l, resp) -> {
            InternalAggregations aggs = resp.getAggregations();
            double min = aggs == null ? Double.POSITIVE_INFINITY : ((Min) aggs.get("min")).value();
            double max = aggs == null ? Double.NEGATIVE_INFINITY : ((Max) aggs.get("max")).value();
            if (!Double.isFinite(min) || !Double.isFinite(max)) {
                l.onResponse(null);
                return;
            }
            long interval = spec.interval().millis();
            l.onResponse(new long[] {RollupWindows.floor((long) min, interval), RollupWindows.floor((long) max, interval) + interval});
        }));
    }

    void run(String index, RetentionPolicy policy, RollupSpec spec, Long checkpoint, long now, int maxWindows, int pageSize,
             BatchTiming timing, ActionListener<Result> listener) {
        long ready = RollupWindows.floor(now - spec.delay().millis(), spec.interval().millis());
        long boundsStart = timing.start();
        dataEnd(index, policy, spec, listener.delegateFailureAndWrap((l, bounds) -> {
            timing.add(BatchTiming.Part.BOUNDS, boundsStart);
            if (bounds == null) {
                l.onResponse(new Result(checkpoint == null ? 0 : checkpoint, checkpoint == null ? 0 : checkpoint, 0, null, ready,
                        new DigestRejections(), false));
                return;
            }
            long from = checkpoint != null ? checkpoint : bounds[0];
            long upTo = Math.min(RollupWindows.readyUpTo(from, now, spec.delay().millis(), spec.interval().millis(), maxWindows),
                    bounds[1]);
            if (upTo <= from) {
                l.onResponse(new Result(from, from, 0, bounds[1], from >= bounds[1] ? Math.max(ready, from) : from,
                        new DigestRejections(), false));
                return;
            }
            List<String> targets = targets(spec, from, upTo);
            DigestRejections rejections = new DigestRejections();
            timing.windows((upTo - from) / spec.interval().millis());
            long createStart = timing.start();
            ensureIndices(targets, l.delegateFailureAndWrap((l2, v) -> {
                timing.add(BatchTiming.Part.CREATE_INDICES, createStart);
                chunks(index, policy, spec, from, upTo, pageSize, 0, rejections, timing, l2.delegateFailureAndWrap((l3, docs) -> {
                    timing.docs(docs);
                    long refreshStart = timing.start();
                    // refreshed before the checkpoint moves, so alerts and cascades that read up to the checkpoint
                    // see every document of the batch
                    client.admin().indices().refresh(
                            new org.elasticsearch.action.admin.indices.refresh.RefreshRequest(targets.toArray(String[]::new)),
                            l3.delegateFailureAndWrap((l4, rr) -> {
                                timing.add(BatchTiming.Part.REFRESH, refreshStart);
                                l4.onResponse(new Result(from, upTo, docs, bounds[1], upTo >= bounds[1] ? Math.max(ready, upTo) : upTo,
                                        rejections, upTo < Math.min(ready, bounds[1])));
                            }));
                }));
            }));
        }));
    }

    /** Windows per chunk of a rollup with digest fields: an hour's worth, at least one window. */
    static long chunkMillis(RollupSpec spec) {
        long interval = spec.interval().millis();
        return interval * Math.max(1, 3_600_000L / interval);
    }

    /** Rolls [from, upTo) up; in chunks with a digest merge each when the rollup has digest fields. */
    private void chunks(String index, RetentionPolicy policy, RollupSpec spec, long from, long upTo, int pageSize, long written,
                        DigestRejections rejections, BatchTiming timing, ActionListener<Long> listener) {
        if (from >= upTo) {
            listener.onResponse(written);
            return;
        }
        if (spec.digests().isEmpty()) {
            page(index, policy, spec, from, upTo, null, pageSize, written, null, timing, listener);
            return;
        }
        long end = Math.min(upTo, from + chunkMillis(spec));
        DigestMerger merger = DigestMerger.forRawDocuments(spec, rejections);
        long readStart = timing.start();
        digestReader.read(index, policy, spec, from, end, merger, listener.delegateFailureAndWrap((l, v) -> {
            timing.add(BatchTiming.Part.DIGEST_READ, readStart);
            page(index, policy, spec, from, end, null, pageSize, written, merger, timing, l.delegateFailureAndWrap((l2, w) ->
                    writeUntaken(index, spec, merger, timing, l2.delegateFailureAndWrap((l3, extra) ->
                            chunks(index, policy, spec, end, upTo, pageSize, w + extra, rejections, timing, l3)))));
        }));
    }

    /**
     * Merged digest groups no aggregation bucket took. Every document read for its digests also matches the
     * aggregation's query, so this stays empty unless doc values and the aggregation's keys disagree; such groups still
     * get their document (with the digest fields and the number of documents read) rather than being dropped.
     */
    private void writeUntaken(String index, RollupSpec spec, DigestMerger merger, BatchTiming timing, ActionListener<Long> listener) {
        BulkRequest bulk = new BulkRequest();
        for (DigestMerger.Group g : merger.remaining()) {
            RollupBucket bucket = new RollupBucket(spec, g.start(), g.groupValues(), g.docs());
            spec.digests().forEach((field, percents) -> bucket.digest(field, percents, g.digest(field), spec.keepDigests()));
            bulk.add(indexRequest(bucket));
        }
        if (bulk.numberOfActions() == 0) {
            listener.onResponse(0L);
            return;
        }
        logger.warn("rollup [{}] index [{}]: {} digest group(s) had no aggregation bucket; written from the digests alone",
                spec.name(), index, bulk.numberOfActions());
        long bulkStart = timing.start();
        client.bulk(bulk, listener.delegateFailureAndWrap((l, br) -> {
            timing.add(BatchTiming.Part.BULK, bulkStart);
            if (br.hasFailures()) {
                throw new IllegalStateException("rollup [" + spec.name() + "] bulk write failed: " + br.buildFailureMessage());
            }
            l.onResponse((long) bulk.numberOfActions());
        }));
    }

    static List<String> targets(RollupSpec spec, long from, long upTo) {
        TreeSet<String> names = new TreeSet<>();
        for (long t = from; t < upTo; t += Math.min(spec.interval().millis(), 3_600_000L)) {
            names.add(RollupWindows.targetIndex(spec.target(), t));
        }
        return new ArrayList<>(names);
    }

    /** Creates the missing ones of {@code names} with the rollup/alert mapping (strings as keyword, digests binary). */
    void ensureIndices(java.util.Collection<String> names, ActionListener<Void> listener) {
        TreeSet<String> missing = new TreeSet<>(names);
        missing.removeIf(n -> clusterService.state().metadata().hasIndex(n));
        createNext(missing.iterator(), listener);
    }

    private void createNext(Iterator<String> names, ActionListener<Void> listener) {
        if (!names.hasNext()) {
            listener.onResponse(null);
            return;
        }
        String name = names.next();
        CreateIndexRequest req = new CreateIndexRequest(name)
                .settings(Settings.builder().put("index.number_of_shards", 1).build())
                .mapping(Map.of(
                        "dynamic_templates", List.of(
                                Map.of("digests", Map.of("path_match", "*." + RollupFields.DIGEST, "mapping", Map.of("type", "binary"))),
                                Map.of("strings", Map.of("match_mapping_type", "string", "mapping", Map.of("type", "keyword")))),
                        "properties", Map.of(
                                "@timestamp", Map.of("type", "date"),
                                "doc_count", Map.of("type", "long"))));
        client.admin().indices().create(req, ActionListener.wrap(r -> createNext(names, listener), e -> {
            if (e instanceof ResourceAlreadyExistsException
                    || org.elasticsearch.ExceptionsHelper.unwrapCause(e) instanceof ResourceAlreadyExistsException) {
                createNext(names, listener);
            } else {
                listener.onFailure(e);
            }
        }));
    }

    static CompositeAggregationBuilder composite(RetentionPolicy policy, RollupSpec spec, int pageSize) {
        List<CompositeValuesSourceBuilder<?>> sources = new ArrayList<>();
        sources.add(new DateHistogramValuesSourceBuilder(TIME).field(policy.timeField())
                .fixedInterval(new DateHistogramInterval(spec.interval().text())));
        for (int i = 0; i < spec.groupBy().size(); i++) {
            sources.add(new TermsValuesSourceBuilder("g" + i).field(spec.groupBy().get(i)).missingBucket(true));
        }
        CompositeAggregationBuilder c = new CompositeAggregationBuilder(COMPOSITE, sources).size(pageSize);
        List<String> statFields = RollupBucket.statFields(spec);
        for (int i = 0; i < statFields.size(); i++) {
            // a field needed only for its sum (sum metric, rates) gets the cheaper sum aggregation
            c.subAggregation(sumOnly(spec, statFields.get(i)) ? AggregationBuilders.sum("s" + i).field(statFields.get(i))
                    : AggregationBuilders.stats("s" + i).field(statFields.get(i)));
        }
        int i = 0;
        for (Map.Entry<String, double[]> e : spec.percentiles().entrySet()) {
            // the digest's centroids are converted to elkflow-sketch's layout; the stats make min/max/sum exact
            c.subAggregation(AggregationBuilders.percentiles("p" + i).field(e.getKey()).percentiles(e.getValue()));
            c.subAggregation(AggregationBuilders.stats("ps" + i).field(e.getKey()));
            i++;
        }
        return c;
    }

    /** One page of the composite aggregation turned into a bulk request. */
    private record Page(BulkRequest bulk, Map<String, Object> next) {
    }

    /**
     * Pages through the composite aggregation; the bulk write of page n runs while page n+1 is being aggregated
     * (aggregation and indexing use different thread pools), so neither waits for the other.
     */
    private void page(String index, RetentionPolicy policy, RollupSpec spec, long from, long upTo, Map<String, Object> after,
                      int pageSize, long written, DigestMerger merger, BatchTiming timing, ActionListener<Long> listener) {
        fetch(index, policy, spec, from, upTo, after, pageSize, merger, timing, listener.delegateFailureAndWrap(
                (l, first) -> pipeline(index, policy, spec, from, upTo, first, pageSize, written, merger, timing, l)));
    }

    private void fetch(String index, RetentionPolicy policy, RollupSpec spec, long from, long upTo, Map<String, Object> after,
                       int pageSize, DigestMerger merger, BatchTiming timing, ActionListener<Page> listener) {
        CompositeAggregationBuilder composite = composite(policy, spec, pageSize);
        if (after != null) {
            composite.aggregateAfter(after);
        }
        SearchRequest req = new SearchRequest(index).source(new SearchSourceBuilder().size(0).trackTotalHits(false)
                .query(QueryBuilders.rangeQuery(policy.timeField()).gte(from).lt(upTo).format("epoch_millis"))
                .aggregation(composite));
        long searchStart = timing.start();
        client.search(req, listener.delegateFailureAndWrap((l, resp) -> {
            timing.add(BatchTiming.Part.SEARCH, searchStart);
            long buildStart = timing.start();
            CompositeAggregation agg = resp.getAggregations().get(COMPOSITE);
            BulkRequest bulk = new BulkRequest();
            TargetNames targets = new TargetNames(spec.target());
            for (CompositeAggregation.Bucket b : agg.getBuckets()) {
                RollupBucket bucket = toBucket(spec, b, merger);
                bulk.add(indexRequest(bucket, targets.of(bucket.start())));
            }
            Map<String, Object> next = bulk.numberOfActions() < pageSize ? null : agg.afterKey();
            timing.add(BatchTiming.Part.BUILD, buildStart);
            timing.page();
            l.onResponse(new Page(bulk, next));
        }));
    }

    private void pipeline(String index, RetentionPolicy policy, RollupSpec spec, long from, long upTo, Page current, int pageSize,
                          long written, DigestMerger merger, BatchTiming timing, ActionListener<Long> listener) {
        int n = current.bulk().numberOfActions();
        if (n == 0) {
            listener.onResponse(written);
            return;
        }
        boolean more = current.next() != null;
        java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger(more ? 2 : 1);
        java.util.concurrent.atomic.AtomicReference<Page> nextPage = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable join = () -> {
            if (pending.decrementAndGet() > 0) {
                return;
            }
            if (failure.get() != null) {
                listener.onFailure(failure.get());
            } else if (more) {
                pipeline(index, policy, spec, from, upTo, nextPage.get(), pageSize, written + n, merger, timing, listener);
            } else {
                listener.onResponse(written + n);
            }
        };
        long bulkStart = timing.start();
        client.bulk(current.bulk(), ActionListener.wrap(br -> {
            timing.add(BatchTiming.Part.BULK, bulkStart);
            if (br.hasFailures()) {
                failure.compareAndSet(null, new IllegalStateException("rollup [" + spec.name() + "] bulk write failed: "
                        + br.buildFailureMessage()));
            }
            join.run();
        }, e -> {
            failure.compareAndSet(null, e);
            join.run();
        }));
        if (more) {
            fetch(index, policy, spec, from, upTo, current.next(), pageSize, merger, timing, ActionListener.wrap(p -> {
                nextPage.set(p);
                join.run();
            }, e -> {
                failure.compareAndSet(null, e);
                join.run();
            }));
        }
    }

    /**
     * The bulk item of a rollup document, as JSON like a client's. The document is a tree of fresh maps built by
     * {@link RollupBucket}, which cannot refer to itself, so XContent's self-reference walk over every map (a tenth
     * of the document build in JFR) is skipped.
     */
    static IndexRequest indexRequest(RollupBucket bucket) {
        return indexRequest(bucket, bucket.index());
    }

    static IndexRequest indexRequest(RollupBucket bucket, String targetIndex) {
        return new IndexRequest(targetIndex).id(bucket.id()).source(bucket.document(), XContentType.JSON, false);
    }

    /**
     * Target index names of a page's documents by UTC day: built once per day instead of once per document, and
     * one String instance per index, whose hash the bulk action's per-item maps then compute once.
     */
    static final class TargetNames {
        private final String template;
        private long day = Long.MIN_VALUE;
        private String name;

        TargetNames(String template) {
            this.template = template;
        }

        String of(long bucketStart) {
            long d = Math.floorDiv(bucketStart, 86_400_000L);
            if (d != day) {
                day = d;
                name = RollupWindows.targetIndex(template, bucketStart);
            }
            return name;
        }
    }

    /** True when only the sum of {@code field} is needed (its metrics are at most [sum]; rates need only the sum). */
    static boolean sumOnly(RollupSpec spec, String field) {
        List<String> metrics = spec.metrics().get(field);
        return metrics == null || metrics.stream().allMatch("sum"::equals);
    }

    /** One aggregation bucket as a rollup document; {@code merger} (null without digest fields) gives its merged digests. */
    static RollupBucket toBucket(RollupSpec spec, CompositeAggregation.Bucket b, DigestMerger merger) {
        Map<String, Object> key = b.getKey();
        long start = ((Number) key.get(TIME)).longValue();
        List<Object> groups = new ArrayList<>();
        for (int i = 0; i < spec.groupBy().size(); i++) {
            groups.add(key.get("g" + i));
        }
        RollupBucket bucket = new RollupBucket(spec, start, groups, b.getDocCount());
        List<String> statFields = RollupBucket.statFields(spec);
        for (int i = 0; i < statFields.size(); i++) {
            if (sumOnly(spec, statFields.get(i))) {
                Sum sum = b.getAggregations().get("s" + i);
                bucket.stats(statFields.get(i), sum.value(), Double.NaN, Double.NaN, b.getDocCount());
            } else {
                Stats s = b.getAggregations().get("s" + i);
                bucket.stats(statFields.get(i), s.getCount() == 0 ? 0 : s.getSum(), s.getMin(), s.getMax(), s.getCount());
            }
        }
        int i = 0;
        for (Map.Entry<String, double[]> e : spec.percentiles().entrySet()) {
            Percentiles p = b.getAggregations().get("p" + i);
            Stats s = b.getAggregations().get("ps" + i);
            i++;
            TDigestState state = p instanceof InternalTDigestPercentiles t ? t.getState() : null;
            MergingDigest digest = AggregationDigest.of(e.getKey(), state, s.getCount(), s.getMin(), s.getMax(), s.getSum());
            bucket.digest(e.getKey(), e.getValue(), digest, spec.keepDigests());
        }
        if (merger != null) {
            DigestMerger.Group merged = merger.take(bucket.key());
            for (Map.Entry<String, double[]> e : spec.digests().entrySet()) {
                bucket.digest(e.getKey(), e.getValue(), merged == null ? new MergingDigest() : merged.digest(e.getKey()),
                        spec.keepDigests());
            }
        }
        return bucket;
    }
}
