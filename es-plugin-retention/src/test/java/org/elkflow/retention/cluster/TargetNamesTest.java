package org.elkflow.retention.cluster;

import org.elkflow.retention.rollup.RollupWindows;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class TargetNamesTest {

    @Test
    void sameNameAsPerDocumentAndOneInstancePerDay() {
        RollupRunner.TargetNames names = new RollupRunner.TargetNames("r-{yyyy.MM.dd}");
        long day = 86_400_000L;
        long start = 1795219200000L - 2 * 300_000L; // two windows before midnight
        String first = names.of(start);
        // composite pages are ordered by time, but a page may also start over (after_key of another group): any order
        long[] starts = {start, start + 300_000L, start + 600_000L, start + day, start + 600_000L, start - day, start + 900_000L};
        for (long t : starts) {
            assertEquals(RollupWindows.targetIndex("r-{yyyy.MM.dd}", t), names.of(t), "at " + t);
        }
        assertSame(names.of(start + 300_000L), names.of(start + 300_000L + 1), "one instance within a day");
        assertEquals("r-2026.11.20", first);
        assertEquals("r-2026.11.21", names.of(start + 600_000L));
    }
}
