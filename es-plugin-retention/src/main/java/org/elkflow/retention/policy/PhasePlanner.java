package org.elkflow.retention.policy;

import org.elkflow.retention.policy.RetentionPolicy.Step;

import java.util.List;

/**
 * Decides the next lifecycle step of an index from its policy, its age and its durable progress. Pure: no I/O,
 * no clock; the caller passes {@code now}. Phases run hot → warm → delete; a phase is entered when the index is
 * old enough, and when a later phase is already due the earlier one is skipped (an index dated a year ago is
 * deleted, not first moved to warm nodes). Steps of the current phase run one at a time and are idempotent, so a
 * step interrupted by a master failover is simply run again.
 */
public final class PhasePlanner {

    /** What to do now for one index. */
    public record Plan(Kind kind, String phase, Step step, long atMillis, String reason) {
        public enum Kind { RUN, WAIT, DONE }
    }

    private PhasePlanner() {
    }

    public static Plan plan(RetentionPolicy policy, long dayStartMillis, long now, IndexProgress progress) {
        long age = now - dayStartMillis;
        if (progress.retryAt() > now) {
            return new Plan(Plan.Kind.WAIT, progress.phase(), null, progress.retryAt(),
                    "retrying [" + progress.lastAction() + "] after failure " + progress.failures() + ": " + progress.lastError());
        }
        int current = rank(progress.phase());
        int due = 0;
        if (policy.warm() != null && age >= policy.warm().minAge().millis()) {
            due = 1;
        }
        if (policy.delete() != null && age >= policy.delete().minAge().millis()) {
            due = 2;
        }
        if (due > current) {
            String phase = due == 2 ? IndexProgress.DELETE : IndexProgress.WARM;
            List<Step> steps = steps(policy, phase);
            if (steps.isEmpty()) {
                return new Plan(Plan.Kind.DONE, phase, null, 0, "phase [" + phase + "] has no actions");
            }
            return new Plan(Plan.Kind.RUN, phase, steps.get(0), now, "entering phase [" + phase + "]");
        }
        List<Step> steps = steps(policy, progress.phase());
        if (progress.stepsDone() < steps.size()) {
            return new Plan(Plan.Kind.RUN, progress.phase(), steps.get(progress.stepsDone()), now,
                    "continuing phase [" + progress.phase() + "]");
        }
        // current phase complete: when does the next one start?
        if (current < 1 && policy.warm() != null) {
            long at = dayStartMillis + policy.warm().minAge().millis();
            return new Plan(Plan.Kind.WAIT, IndexProgress.WARM, steps(policy, IndexProgress.WARM).isEmpty() ? null
                    : steps(policy, IndexProgress.WARM).get(0), at, "index age below phases.warm.min_age [" + policy.warm().minAge() + "]");
        }
        if (current < 2 && policy.delete() != null) {
            long at = dayStartMillis + policy.delete().minAge().millis();
            return new Plan(Plan.Kind.WAIT, IndexProgress.DELETE, Step.DELETE, at,
                    "index age below phases.delete.min_age [" + policy.delete().minAge() + "]");
        }
        return new Plan(Plan.Kind.DONE, progress.phase(), null, 0, "no further phase");
    }

    static int rank(String phase) {
        return switch (phase == null ? IndexProgress.HOT : phase) {
            case IndexProgress.WARM -> 1;
            case IndexProgress.DELETE -> 2;
            default -> 0;
        };
    }

    static List<Step> steps(RetentionPolicy policy, String phase) {
        return switch (phase) {
            case IndexProgress.WARM -> policy.warm() == null ? List.of() : policy.warm().steps();
            case IndexProgress.DELETE -> policy.delete() == null ? List.of() : List.of(Step.DELETE);
            default -> List.of();
        };
    }
}
