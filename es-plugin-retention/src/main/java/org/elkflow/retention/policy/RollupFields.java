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

    private RollupFields() {
    }

    /** {@code <field>.<metric>}, {@code <field>.p<percent>}, rate names and {@code doc_count}. */
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
        for (Map.Entry<String, double[]> e : spec.percentiles().entrySet()) {
            for (double p : e.getValue()) {
                out.add(e.getKey() + "." + PolicyParser.percentKey(p));
            }
        }
        return out;
    }
}
