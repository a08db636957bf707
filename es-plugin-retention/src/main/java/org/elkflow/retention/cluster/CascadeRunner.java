package org.elkflow.retention.cluster;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.admin.indices.refresh.RefreshRequest;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.support.IndicesOptions;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.aggregations.AggregationBuilders;
import org.elasticsearch.search.aggregations.metrics.Min;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elkflow.retention.policy.RetentionPolicy.RollupSpec;
import org.elkflow.retention.policy.RollupFields;
import org.elkflow.retention.rollup.DigestMerger;
import org.elkflow.retention.rollup.DigestRejections;
import org.elkflow.retention.rollup.RollupBucket;
import org.elkflow.retention.rollup.RollupWindows;
import org.elkflow.sketch.MergingDigest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cascade (e.g. 1h from 5m): reads the finer rollup's documents of complete coarse windows (scroll), merges them
 * in memory — sums and counts added, min of mins, max of maxes, the stored digests of percentile and digest fields
 * merged with {@link org.elkflow.sketch.MergingDigest} — and writes the coarser documents with deterministic ids.
 * Only windows before the finer rollup's watermark are read.
 */
final class CascadeRunner {

    private final Client client;
    private final ScrollReader scroll;
    private final RollupRunner rollups;

    CascadeRunner(Client client, RollupRunner rollups) {
        this.client = client;
        this.scroll = new ScrollReader(client);
        this.rollups = rollups;
    }

    private static final class Acc {
        final List<Object> group;
        long docCount;
        final Map<String, double[]> stats = new HashMap<>(); // sum, min, max, count

        Acc(List<Object> group) {
            this.group = group;
        }
    }

    /**
     * Windows [from, upTo) written ({@code upTo == from} when nothing was ready) with {@code docs} documents; windows
     * before {@code ready} are covered by the finer rollup.
     */
    record Result(long from, long upTo, long ready, long docs, DigestRejections rejections) {

        /** Stopped at {@code max_windows_per_run} with further windows ready. */
        boolean more() {
            return upTo < ready;
        }
    }

    void run(RollupSpec coarse, RollupSpec fine, Long checkpoint, long fineWatermark, int maxWindows, ActionListener<Result> listener) {
        long interval = coarse.interval().millis();
        long ready = RollupWindows.floor(fineWatermark, interval);
        if (checkpoint != null) {
            process(coarse, fine, checkpoint, Math.min(ready, checkpoint + (long) maxWindows * interval), ready, listener);
            return;
        }
        SearchRequest first = new SearchRequest(fine.targetPattern()).indicesOptions(IndicesOptions.lenientExpandOpen())
                .source(new SearchSourceBuilder().size(0).trackTotalHits(false).query(QueryBuilders.termQuery("rollup", fine.name()))
                        .aggregation(AggregationBuilders.min("min").field(RollupFields.TIMESTAMP)));
        client.search(first, listener.delegateFailureAndWrap((l, resp) -> {
            double min = resp.getAggregations() == null ? Double.POSITIVE_INFINITY : ((Min) resp.getAggregations().get("min")).value();
            if (!Double.isFinite(min)) {
                l.onResponse(new Result(ready, ready, ready, 0, new DigestRejections()));
                return;
            }
            long from = RollupWindows.floor((long) min, interval);
            process(coarse, fine, from, Math.min(ready, from + (long) maxWindows * interval), ready, l);
        }));
    }

    private void process(RollupSpec coarse, RollupSpec fine, long from, long upTo, long ready, ActionListener<Result> listener) {
        if (upTo <= from) {
            listener.onResponse(new Result(from, from, ready, 0, new DigestRejections()));
            return;
        }
        QueryBuilder q = QueryBuilders.boolQuery().filter(QueryBuilders.termQuery("rollup", fine.name()))
                .filter(QueryBuilders.rangeQuery(RollupFields.TIMESTAMP).gte(from).lt(upTo).format("epoch_millis"));
        SearchRequest req = new SearchRequest(fine.targetPattern()).indicesOptions(IndicesOptions.lenientExpandOpen())
                .source(new SearchSourceBuilder().size(5000).query(q));
        Map<String, Acc> accs = new LinkedHashMap<>();
        DigestRejections rejections = new DigestRejections();
        DigestMerger digests = DigestMerger.forRollupDocuments(coarse, rejections);
        scroll.forEachHit(req, hit -> merge(coarse, accs, digests, hit),
                listener.delegateFailureAndWrap((l, v) -> write(coarse, accs, digests, rejections, from, upTo, ready, l)));
    }

    private static void merge(RollupSpec coarse, Map<String, Acc> accs, DigestMerger digests, SearchHit hit) {
        Map<String, Object> src = hit.getSourceAsMap();
        long timestamp = ((Number) src.get(RollupFields.TIMESTAMP)).longValue();
        long t = RollupWindows.floor(timestamp, coarse.interval().millis());
        List<Object> group = new ArrayList<>();
        for (String g : coarse.groupBy()) {
            group.add(src.get(g));
        }
        digests.add(hit.getIndex(), hit.getId(), timestamp, group, src);
        Acc acc = accs.computeIfAbsent(t + "|" + group, k -> new Acc(group));
        long docs = src.get(RollupFields.DOC_COUNT) instanceof Number n ? n.longValue() : 0;
        acc.docCount += docs;
        for (String field : RollupBucket.statFields(coarse)) {
            if (!(src.get(field) instanceof Map<?, ?> m)) {
                continue;
            }
            double[] s = acc.stats.computeIfAbsent(field, f -> new double[] {0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0});
            if (m.get("sum") instanceof Number n) {
                s[0] += n.doubleValue();
            }
            if (m.get("min") instanceof Number n) {
                s[1] = Math.min(s[1], n.doubleValue());
            }
            if (m.get("max") instanceof Number n) {
                s[2] = Math.max(s[2], n.doubleValue());
            }
            s[3] += m.get("value_count") instanceof Number n ? n.longValue() : docs;
        }
    }

    private void write(RollupSpec coarse, Map<String, Acc> accs, DigestMerger digests, DigestRejections rejections,
                       long from, long upTo, long ready, ActionListener<Result> listener) {
        BulkRequest bulk = new BulkRequest();
        Map<String, double[]> digestFields = coarse.digestFields();
        for (Map.Entry<String, Acc> e : accs.entrySet()) {
            Acc acc = e.getValue();
            long start = Long.parseLong(e.getKey().substring(0, e.getKey().indexOf('|')));
            RollupBucket bucket = new RollupBucket(coarse, start, acc.group, acc.docCount);
            acc.stats.forEach((f, s) -> bucket.stats(f, s[0], s[1], s[2], (long) s[3]));
            DigestMerger.Group merged = digests.take(bucket.key());
            for (Map.Entry<String, double[]> p : digestFields.entrySet()) {
                bucket.digest(p.getKey(), p.getValue(), merged == null ? new MergingDigest() : merged.digest(p.getKey()),
                        coarse.keepDigests());
            }
            bulk.add(RollupRunner.indexRequest(bucket));
        }
        if (bulk.numberOfActions() == 0) {
            listener.onResponse(new Result(from, upTo, ready, 0, rejections));
            return;
        }
        List<String> targets = RollupRunner.targets(coarse, from, upTo);
        rollups.ensureIndices(targets, listener.delegateFailureAndWrap((l, v) -> client.bulk(bulk, l.delegateFailureAndWrap((l2, br) -> {
            if (br.hasFailures()) {
                throw new IllegalStateException("cascade [" + coarse.name() + "] bulk write failed: " + br.buildFailureMessage());
            }
            client.admin().indices().refresh(new RefreshRequest(targets.toArray(String[]::new)),
                    l2.delegateFailureAndWrap((l3, rr) -> l3.onResponse(new Result(from, upTo, ready, bulk.numberOfActions(), rejections))));
        }))));
    }
}
