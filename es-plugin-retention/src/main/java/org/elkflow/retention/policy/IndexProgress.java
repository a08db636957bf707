package org.elkflow.retention.policy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Durable progress of one managed index: the phase it is in, how many of that phase's steps are done, the last
 * action and error, the retry schedule after failures, and why it is waiting (e.g. for a rollup).
 * Stored as a plain map so the cluster-state custom can persist it without a schema of its own.
 */
public record IndexProgress(String policy, String phase, int stepsDone, String lastAction, long lastActionAt,
                            String lastError, int failures, long retryAt, String waitingFor, long phaseEnteredAt) {

    public static final String HOT = "hot";
    public static final String WARM = "warm";
    public static final String DELETE = "delete";

    public static IndexProgress start(String policy, long now) {
        return new IndexProgress(policy, HOT, 0, null, 0, null, 0, 0, null, now);
    }

    /** After a successful step: failures reset, the step counted (in {@code phase}, entered now if new). */
    public IndexProgress stepDone(String inPhase, String action, long now) {
        boolean newPhase = !inPhase.equals(phase);
        return new IndexProgress(policy, inPhase, newPhase ? 1 : stepsDone + 1, action, now, null, 0, 0, null,
                newPhase ? now : phaseEnteredAt);
    }

    /** After a failed step: retried no earlier than {@code retryAt}. */
    public IndexProgress failed(String action, String error, long now, long retryAt) {
        return new IndexProgress(policy, phase, stepsDone, action, now, error, failures + 1, retryAt, null, phaseEnteredAt);
    }

    public IndexProgress waiting(String reason) {
        return new IndexProgress(policy, phase, stepsDone, lastAction, lastActionAt, lastError, failures, retryAt, reason,
                phaseEnteredAt);
    }

    /** Exponential backoff: poll × 2^(failures-1), capped at one hour. */
    public static long backoffMillis(long pollMillis, int failures) {
        long d = pollMillis << Math.min(20, Math.max(0, failures - 1));
        return Math.min(d, 3_600_000L);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", policy);
        m.put("phase", phase);
        m.put("steps_done", stepsDone);
        m.put("phase_entered_at", phaseEnteredAt);
        if (lastAction != null) {
            m.put("last_action", lastAction);
            m.put("last_action_at", lastActionAt);
        }
        if (lastError != null) {
            m.put("last_error", lastError);
        }
        m.put("failures", failures);
        if (retryAt > 0) {
            m.put("retry_at", retryAt);
        }
        if (waitingFor != null) {
            m.put("waiting_for", waitingFor);
        }
        return m;
    }

    public static IndexProgress fromMap(Map<String, ?> m) {
        return new IndexProgress((String) m.get("policy"), (String) m.get("phase"), num(m.get("steps_done")),
                (String) m.get("last_action"), lng(m.get("last_action_at")), (String) m.get("last_error"),
                num(m.get("failures")), lng(m.get("retry_at")), (String) m.get("waiting_for"), lng(m.get("phase_entered_at")));
    }

    private static int num(Object o) {
        return o == null ? 0 : ((Number) o).intValue();
    }

    private static long lng(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
