package org.elkflow.retention.rollup;

import org.elkflow.retention.policy.RetentionPolicy.AlertSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Threshold alerts over rollup windows, without hidden state. A group is <em>firing</em> at window w when the metric
 * breaches the threshold in w and the {@code consecutiveWindows - 1} windows before it (a window without a rollup
 * document does not breach). An event is emitted where that status changes: {@code firing} at the first firing
 * window, {@code resolved} at the first window after a firing run. Events get deterministic ids (alert, group,
 * window, status), so evaluating a range twice rewrites the same documents: alerts are deduplicated by
 * construction.
 */
public final class AlertEvaluator {

    /** One metric value of one group in one window (window = bucket start). */
    public record Sample(long window, List<Object> group, double value) {
    }

    public record Event(long window, List<Object> group, String status, double value) {
        public String id(String policy, String alert) {
            return RollupDocId.of("alert/" + policy + "/" + alert + "/" + status, window, group);
        }
    }

    private AlertEvaluator() {
    }

    /**
     * Events for windows in [from, to). {@code samples} must cover [from - consecutiveWindows × interval, to) so the
     * status before {@code from} is known.
     */
    public static List<Event> evaluate(AlertSpec spec, long intervalMillis, long from, long to, List<Sample> samples) {
        Map<List<Object>, Map<Long, Double>> byGroup = new LinkedHashMap<>();
        for (Sample s : samples) {
            byGroup.computeIfAbsent(s.group(), g -> new HashMap<>()).put(s.window(), s.value());
        }
        int k = spec.consecutiveWindows();
        List<Event> events = new ArrayList<>();
        for (Map.Entry<List<Object>, Map<Long, Double>> e : byGroup.entrySet()) {
            Map<Long, Double> values = e.getValue();
            for (long w = from; w < to; w += intervalMillis) {
                boolean now = firing(spec, values, w, k, intervalMillis);
                boolean before = firing(spec, values, w - intervalMillis, k, intervalMillis);
                if (now && !before) {
                    events.add(new Event(w, e.getKey(), "firing", values.get(w)));
                } else if (!now && before) {
                    Double v = values.get(w);
                    events.add(new Event(w, e.getKey(), "resolved", v == null ? Double.NaN : v));
                }
            }
        }
        events.sort(java.util.Comparator.comparingLong(Event::window));
        return events;
    }

    private static boolean firing(AlertSpec spec, Map<Long, Double> values, long w, int k, long interval) {
        for (int i = 0; i < k; i++) {
            Double v = values.get(w - i * interval);
            if (v == null || !spec.breaches(v)) {
                return false;
            }
        }
        return true;
    }

    /** Window starts in [from, to) — helper for callers and tests. */
    public static Set<Long> windows(long from, long to, long interval) {
        Set<Long> out = new TreeSet<>();
        for (long w = from; w < to; w += interval) {
            out.add(w);
        }
        return out;
    }
}
