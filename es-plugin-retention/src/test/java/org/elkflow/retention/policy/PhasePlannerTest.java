package org.elkflow.retention.policy;

import org.elkflow.retention.policy.PhasePlanner.Plan;
import org.elkflow.retention.policy.RetentionPolicy.Step;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhasePlannerTest {

    private static final long DAY = 86_400_000L;
    private final RetentionPolicy policy = PolicyParser.parse("flows", PolicyParserTest.flowsPolicy());

    @Test
    void hotIndexWaitsForWarm() {
        Plan plan = PhasePlanner.plan(policy, 0, DAY / 2, IndexProgress.start("flows", 0));
        assertEquals(Plan.Kind.WAIT, plan.kind());
        assertEquals(DAY, plan.atMillis());
        assertEquals(Step.WRITE_BLOCK, plan.step());
    }

    @Test
    void warmStepsRunInOrderThenDeleteWaits() {
        IndexProgress p = IndexProgress.start("flows", 0);
        long now = DAY + 1;
        for (Step expected : new Step[] {Step.WRITE_BLOCK, Step.ALLOCATE, Step.FORCE_MERGE}) {
            Plan plan = PhasePlanner.plan(policy, 0, now, p);
            assertEquals(Plan.Kind.RUN, plan.kind());
            assertEquals(expected, plan.step());
            assertEquals("warm", plan.phase());
            p = p.stepDone(plan.phase(), plan.step().key(), now);
        }
        Plan wait = PhasePlanner.plan(policy, 0, now, p);
        assertEquals(Plan.Kind.WAIT, wait.kind());
        assertEquals(8 * DAY, wait.atMillis());
        Plan del = PhasePlanner.plan(policy, 0, 8 * DAY, p);
        assertEquals(Step.DELETE, del.step());
    }

    @Test
    void oldIndexSkipsWarm() {
        Plan plan = PhasePlanner.plan(policy, 0, 400 * DAY, IndexProgress.start("flows", 0));
        assertEquals(Step.DELETE, plan.step());
    }

    @Test
    void failureBacksOff() {
        IndexProgress p = IndexProgress.start("flows", 0).failed("allocate", "boom", DAY, DAY + 2000);
        Plan plan = PhasePlanner.plan(policy, 0, DAY + 1000, p);
        assertEquals(Plan.Kind.WAIT, plan.kind());
        assertTrue(plan.reason().contains("boom"));
        assertEquals(2000, IndexProgress.backoffMillis(1000, 2));
        assertEquals(3_600_000L, IndexProgress.backoffMillis(1000, 40));
        assertEquals(p, IndexProgress.fromMap(p.toMap()));
    }

    @Test
    void doneAfterLastPhaseWithoutDelete() {
        RetentionPolicy warmOnly = PolicyParser.parse("w", java.util.Map.of("index_patterns", java.util.List.of("x-*"),
                "phases", java.util.Map.of("warm", java.util.Map.of("min_age", "1s", "write_block", true))));
        IndexProgress p = IndexProgress.start("w", 0).stepDone("warm", "write_block", 5000);
        Plan plan = PhasePlanner.plan(warmOnly, 0, 5000, p);
        assertEquals(Plan.Kind.DONE, plan.kind());
        assertNull(plan.step());
    }
}
