package org.elkflow.retention.cluster;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.document.DocumentField;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elkflow.retention.policy.RetentionPolicy;
import org.elkflow.retention.policy.RetentionPolicy.RollupSpec;
import org.elkflow.retention.rollup.DigestMerger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the raw documents of [from, upTo) (scroll in index order) and feeds them to a {@link DigestMerger}. Only what
 * the merge needs is fetched: the digest fields from {@code _source}, and the time and group-by fields as doc values —
 * the same values the composite aggregation's sources read, so a document lands in the same bucket and group as in
 * the aggregation.
 *
 * <p>Every document of the range is read, not only those an {@code exists} query finds: whether {@code exists}
 * sees a digest field depends on its mapping (it does not for a field inside an object mapped
 * {@code "enabled": false}, a common way to keep such blobs out of the index), and a digest missed that way would be
 * left out of the merge without a trace.
 */
final class DigestReader {

    // digests are up to a few KB each; 1000 per page keeps a page's source in the low MB
    static final int PAGE_SIZE = 1000;

    private final ScrollReader scroll;

    DigestReader(Client client) {
        this.scroll = new ScrollReader(client);
    }

    void read(String index, RetentionPolicy policy, RollupSpec spec, long from, long upTo, DigestMerger merger,
              ActionListener<Void> listener) {
        SearchSourceBuilder source = new SearchSourceBuilder().size(PAGE_SIZE).sort("_doc")
                .query(QueryBuilders.rangeQuery(policy.timeField()).gte(from).lt(upTo).format("epoch_millis"))
                .fetchSource(spec.digests().keySet().toArray(String[]::new), null)
                .docValueField(policy.timeField(), "epoch_millis");
        spec.groupBy().forEach(source::docValueField);
        scroll.forEachHit(new SearchRequest(index).source(source), hit -> {
            List<Long> times = new ArrayList<>();
            for (Object t : values(hit.field(policy.timeField()))) {
                times.add(epochMillis(t));
            }
            List<List<Object>> groups = new ArrayList<>();
            for (String g : spec.groupBy()) {
                groups.add(values(hit.field(g)));
            }
            merger.add(hit.getIndex(), hit.getId(), times, groups, from, upTo, hit.getSourceAsMap());
        }, listener);
    }

    private static List<Object> values(DocumentField field) {
        return field == null ? List.of() : field.getValues();
    }

    /** A doc value of the time field formatted as {@code epoch_millis}: "1700000000000" (or with a fraction for date_nanos). */
    static long epochMillis(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        return new BigDecimal(String.valueOf(value)).setScale(0, RoundingMode.FLOOR).longValueExact();
    }
}
