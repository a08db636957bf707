package org.elkflow.estest;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes; the failure names what was awaited and carries the
 * diagnostics (node log tails, cluster state) computed only then. Background work of a plugin (scheduled ticks,
 * relocations, failover) finishes at its own pace, so integration tests wait for its visible outcome this way.
 */
public final class Await {

    private static final long POLL_MILLIS = 250;

    private Await() {
    }

    /** Waits for {@code condition}; an exception it throws fails the wait at once. */
    public static void until(String what, long timeoutMillis, BooleanSupplier condition, Supplier<String> diagnostics) {
        poll(what, timeoutMillis, condition, diagnostics, false);
    }

    /**
     * As {@link #until}, but a RuntimeException thrown by {@code condition} counts as "not yet" — for conditions
     * read from a cluster while a node is being killed or restarted.
     */
    public static void untilTolerating(String what, long timeoutMillis, BooleanSupplier condition,
                                       Supplier<String> diagnostics) {
        poll(what, timeoutMillis, condition, diagnostics, true);
    }

    private static void poll(String what, long timeoutMillis, BooleanSupplier condition, Supplier<String> diagnostics,
                             boolean tolerateExceptions) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!holds(condition, tolerateExceptions)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\n" + diagnostics.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static boolean holds(BooleanSupplier condition, boolean tolerateExceptions) {
        if (!tolerateExceptions) {
            return condition.getAsBoolean();
        }
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
