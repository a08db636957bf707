package org.elkflow.retention.rollup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Window arithmetic for fixed-interval rollups: buckets start at multiples of the interval since the epoch (UTC). */
public final class RollupWindows {

    private RollupWindows() {
    }

    public static long floor(long epochMillis, long intervalMillis) {
        return Math.floorDiv(epochMillis, intervalMillis) * intervalMillis;
    }

    /**
     * The end (exclusive) of the range to roll up now: every complete window that ended at least {@code delay}
     * ago, starting at {@code checkpoint}, at most {@code maxWindows} of them. Equal to {@code checkpoint} when
     * nothing is ready.
     */
    public static long readyUpTo(long checkpoint, long now, long delayMillis, long intervalMillis, int maxWindows) {
        long ready = floor(now - delayMillis, intervalMillis);
        long capped = Math.min(ready, checkpoint + (long) maxWindows * intervalMillis);
        return Math.max(checkpoint, capped);
    }

    /** The target index of a bucket: {@code {yyyy.MM.dd}}, {@code {yyyy.MM}} and {@code {yyyy}} take its UTC date. */
    public static String targetIndex(String template, long bucketStartMillis) {
        ZonedDateTime t = Instant.ofEpochMilli(bucketStartMillis).atZone(ZoneOffset.UTC);
        String y = String.format("%04d", t.getYear());
        String m = String.format("%02d", t.getMonthValue());
        String d = String.format("%02d", t.getDayOfMonth());
        return template.replace("{yyyy.MM.dd}", y + "." + m + "." + d).replace("{yyyy.MM}", y + "." + m)
                .replace("{yyyy}", y);
    }
}
