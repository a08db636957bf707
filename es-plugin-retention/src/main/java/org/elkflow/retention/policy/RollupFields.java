package org.elkflow.retention.policy;

import org.elkflow.retention.policy.RetentionPolicy.RateSpec;
import org.elkflow.retention.policy.RetentionPolicy.RollupSpec;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Names of the fields a rollup document carries, so alerts and dashboards can be checked against them. */
public final class RollupFields {

    public static final String TIMESTAMP = "@timestamp";
    public static final String DOC_COUNT = "doc_count";
    /** Key of the serialized digest (base64 of elkflow-sketch's layout) inside a percentile or digest field's object. */
    public static final String DIGEST = "digest";
    /** Exact statistics every percentile and digest field's object carries beside its percentiles. */
    public static final List<String> DIGEST_STATS = List.of("count", "min", "max");

    private RollupFields() {
    }

    /**
     * {@code <field>.<metric>}, rate names, {@code doc_count}, and for percentile and digest fields
     * {@code <field>.p<percent>}, {@code <field>.count}, {@code <field>.min} and {@code <field>.max}.
     */
    public static Set<String> produced(RollupSpec spec) {
        Set<String> out = new LinkedHashSet<>();
        out.add(DOC_COUNT);
        for (Map.Entry<String, List<String>> e : spec.metrics().entrySet()) {
            for (String m : e.getValue()) {
                out.add(e.getKey() + "." + m);
            }
        }
        for (RateSpec r : spec.rates()) {
            out.add(r.name());
        }
        for (Map.Entry<String, double[]> e : spec.digestFields().entrySet()) {
            for (double p : e.getValue()) {
                out.add(e.getKey() + "." + PolicyParser.percentKey(p));
            }
            for (String stat : DIGEST_STATS) {
                out.add(e.getKey() + "." + stat);
            }
        }
        return out;
    }
}
