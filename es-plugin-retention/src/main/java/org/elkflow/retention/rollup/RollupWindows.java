package org.elkflow.retention.rollup;

import java.time.LocalDate;

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

    private static final long DAY_MILLIS = 86_400_000L;

    /**
     * The target index of a bucket: {@code {yyyy.MM.dd}}, {@code {yyyy.MM}} and {@code {yyyy}} take its UTC date.
     * Called once per rollup document, so it avoids {@code String.format} and time-zone rules (a quarter of the time
     * spent building documents went there): UTC dates follow from the epoch day alone.
     */
    public static String targetIndex(String template, long bucketStartMillis) {
        if (template.indexOf('{') < 0) {
            return template;
        }
        LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(bucketStartMillis, DAY_MILLIS));
        String y = pad(d.getYear(), 4);
        String m = pad(d.getMonthValue(), 2);
        return template.replace("{yyyy.MM.dd}", y + "." + m + "." + pad(d.getDayOfMonth(), 2)).replace("{yyyy.MM}", y + "." + m)
                .replace("{yyyy}", y);
    }

    private static String pad(int value, int width) {
        String s = Integer.toString(value);
        return s.length() >= width || value < 0 ? s : "0".repeat(width - s.length()) + s;
    }
}
