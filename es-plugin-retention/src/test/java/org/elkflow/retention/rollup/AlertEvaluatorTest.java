package org.elkflow.retention.rollup;

import org.elkflow.retention.policy.RetentionPolicy.AlertSpec;
import org.elkflow.retention.rollup.AlertEvaluator.Event;
import org.elkflow.retention.rollup.AlertEvaluator.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class AlertEvaluatorTest {

    private static final long I = 900_000L;
    private final AlertSpec p95Over800 = new AlertSpec("slow", "lat-15m", "latency.p95", "gt", 800, 2, "alerts");

    private static List<Sample> series(List<Object> group, double... values) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new Sample(i * I, group, values[i]));
        }
        return out;
    }

    @Test
    void firesAfterTwoConsecutiveWindowsAndResolves() {
        List<Sample> s = series(List.of("checkout"), 100, 900, 950, 990, 300, 900, 100);
        List<Event> events = AlertEvaluator.evaluate(p95Over800, I, 0, 7 * I, s);
        assertEquals(2, events.size(), events.toString());
        assertEquals(new Event(2 * I, List.of("checkout"), "firing", 950), events.get(0));
        assertEquals(new Event(4 * I, List.of("checkout"), "resolved", 300), events.get(1));
    }

    @Test
    void groupsAreIndependentAndRangesReevaluateIdentically() {
        List<Sample> s = new ArrayList<>(series(List.of("a"), 900, 900, 900));
        s.addAll(series(List.of("b"), 900, 100, 900));
        List<Event> all = AlertEvaluator.evaluate(p95Over800, I, 0, 3 * I, s);
        assertEquals(List.of(new Event(I, List.of("a"), "firing", 900)), all);
        // evaluating only the last window again (with the history before it) yields no new event
        assertEquals(List.of(), AlertEvaluator.evaluate(p95Over800, I, 2 * I, 3 * I, s));
        assertEquals(all.get(0).id("p", "slow"), new Event(I, List.of("a"), "firing", 900).id("p", "slow"));
        assertNotEquals(all.get(0).id("p", "slow"), new Event(I, List.of("a"), "resolved", 900).id("p", "slow"));
    }

    @Test
    void missingWindowIsNotABreach() {
        List<Sample> s = List.of(new Sample(0, List.of("x"), 900), new Sample(2 * I, List.of("x"), 900));
        assertEquals(List.of(), AlertEvaluator.evaluate(p95Over800, I, 0, 3 * I, s));
    }
}
