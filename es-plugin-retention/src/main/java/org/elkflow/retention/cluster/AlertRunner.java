package org.elkflow.retention.cluster;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.index.IndexRequest;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.support.IndicesOptions;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.search.sort.SortOrder;
import org.elkflow.retention.policy.RetentionPolicy;
import org.elkflow.retention.policy.RetentionPolicy.AlertSpec;
import org.elkflow.retention.policy.RetentionPolicy.RollupSpec;
import org.elkflow.retention.policy.RollupFields;
import org.elkflow.retention.rollup.AlertEvaluator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates one alert over the rollup windows [from, to) (the rollup's watermark bounds {@code to}) and writes the
 * firing/resolved events with deterministic ids into the alert index.
 */
final class AlertRunner {

    static final int MAX_DOCS = 10_000;

    private final Client client;
    private final RollupRunner rollups;

    AlertRunner(Client client, RollupRunner rollups) {
        this.client = client;
        this.rollups = rollups;
    }

    /** Answers the number of events written. */
    void run(RetentionPolicy policy, RollupSpec rollup, AlertSpec alert, long from, long to, long now, ActionListener<Long> listener) {
        long interval = rollup.interval().millis();
        long lookBack = from - (long) alert.consecutiveWindows() * interval;
        List<String> fields = new ArrayList<>(rollup.groupBy());
        fields.add(alert.metric());
        fields.add(alert.metric().contains(".") ? alert.metric().substring(0, alert.metric().lastIndexOf('.')) : alert.metric());
        fields.add(RollupFields.TIMESTAMP);
        SearchRequest req = new SearchRequest(rollup.targetPattern()).indicesOptions(IndicesOptions.lenientExpandOpen())
                .source(new SearchSourceBuilder().size(MAX_DOCS).trackTotalHits(true)
                        .query(QueryBuilders.boolQuery().filter(QueryBuilders.termQuery("rollup", rollup.name()))
                                .filter(QueryBuilders.rangeQuery(RollupFields.TIMESTAMP).gte(lookBack).lt(to).format("epoch_millis")))
                        .fetchSource(fields.toArray(String[]::new), null)
                        .sort(RollupFields.TIMESTAMP, SortOrder.ASC));
        client.search(req, listener.delegateFailureAndWrap((l, resp) -> {
            if (resp.getHits().getTotalHits() != null && resp.getHits().getTotalHits().value > MAX_DOCS) {
                throw new IllegalStateException("alert [" + alert.name() + "]: more than " + MAX_DOCS
                        + " rollup documents in one evaluation range; use fewer groups or a coarser rollup");
            }
            List<AlertEvaluator.Sample> samples = new ArrayList<>();
            for (SearchHit hit : resp.getHits().getHits()) {
                Map<String, Object> src = hit.getSourceAsMap();
                Object v = value(src, alert.metric());
                if (!(v instanceof Number n)) {
                    continue;
                }
                List<Object> group = new ArrayList<>();
                for (String g : rollup.groupBy()) {
                    group.add(src.get(g));
                }
                samples.add(new AlertEvaluator.Sample(((Number) src.get(RollupFields.TIMESTAMP)).longValue(), group, n.doubleValue()));
            }
            List<AlertEvaluator.Event> events = AlertEvaluator.evaluate(alert, interval, from, to, samples);
            if (events.isEmpty()) {
                l.onResponse(0L);
                return;
            }
            BulkRequest bulk = new BulkRequest();
            for (AlertEvaluator.Event e : events) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put(RollupFields.TIMESTAMP, e.window());
                doc.put("alert", alert.name());
                doc.put("policy", policy.name());
                doc.put("rollup", rollup.name());
                doc.put("status", e.status());
                doc.put("metric", alert.metric());
                doc.put("value", Double.isFinite(e.value()) ? e.value() : null);
                doc.put("operator", alert.operator());
                doc.put("threshold", alert.threshold());
                doc.put("consecutive_windows", alert.consecutiveWindows());
                doc.put("interval", rollup.interval().text());
                Map<String, Object> group = new LinkedHashMap<>();
                for (int i = 0; i < rollup.groupBy().size(); i++) {
                    group.put(rollup.groupBy().get(i), e.group().get(i));
                }
                doc.put("group", group);
                doc.put("evaluated_at", now);
                bulk.add(new IndexRequest(alert.index()).id(e.id(policy.name(), alert.name())).source(doc));
            }
            rollups.ensureIndices(List.of(alert.index()), l.delegateFailureAndWrap((l2, v) ->
                    client.bulk(bulk, l2.delegateFailureAndWrap((l3, br) -> {
                        if (br.hasFailures()) {
                            throw new IllegalStateException("alert [" + alert.name() + "] write failed: " + br.buildFailureMessage());
                        }
                        l3.onResponse((long) events.size());
                    }))));
        }));
    }

    /** A field of a rollup document: a top-level key ({@code bps}) or {@code <field>.<metric>} nested once. */
    static Object value(Map<String, Object> src, String path) {
        if (src.containsKey(path)) {
            return src.get(path);
        }
        int dot = path.lastIndexOf('.');
        if (dot > 0 && src.get(path.substring(0, dot)) instanceof Map<?, ?> m) {
            return m.get(path.substring(dot + 1));
        }
        return null;
    }
}
