package org.elkflow.flowcodec.netflow;

/**
 * The 24-byte NetFlow v5 header. Unsigned 32-bit fields are held in longs, 16- and 8-bit fields in ints.
 *
 * @param version          always 5
 * @param count            number of records in the datagram (1..30)
 * @param sysUptimeMillis  exporter uptime in ms when the datagram was sent (wraps after about 49.7 days)
 * @param unixSecs         export time, seconds since the Unix epoch
 * @param unixNsecs        residual nanoseconds of the export time
 * @param flowSequence     sequence counter of total flows seen by the exporter
 * @param engineType       type of flow-switching engine
 * @param engineId         slot number of the flow-switching engine
 * @param samplingMode     top two bits of the sampling field (0 none, 1 deterministic, 2 random)
 * @param samplingInterval low fourteen bits of the sampling field; 0 means not sampled
 */
public record NetflowV5Header(
        int version,
        int count,
        long sysUptimeMillis,
        long unixSecs,
        long unixNsecs,
        long flowSequence,
        int engineType,
        int engineId,
        int samplingMode,
        int samplingInterval) {

    private static final long UPTIME_MASK = 0xFFFF_FFFFL;

    /** Export time in ms since the Unix epoch: {@code unix_secs * 1000 + unix_nsecs / 10^6}. */
    public long exportTimeMillis() {
        return unixSecs * 1000L + unixNsecs / 1_000_000L;
    }

    /**
     * Wall-clock time (ms since the epoch) of an exporter uptime stamp such as a record's First or Last.
     * The stamp lies at or before {@link #sysUptimeMillis}; the distance is taken modulo 2<sup>32</sup> so
     * that a stamp taken before the 32-bit uptime counter wrapped (numerically larger than sys_uptime)
     * still lands just before the export time instead of about 49.7 days in the future.
     */
    public long absoluteTimeMillis(long uptimeStampMillis) {
        return exportTimeMillis() - ((sysUptimeMillis - uptimeStampMillis) & UPTIME_MASK);
    }

    /** Milliseconds from uptime stamp {@code from} to {@code to}, modulo 2<sup>32</sup> (wrap-safe). */
    public static long uptimeDistanceMillis(long from, long to) {
        return (to - from) & UPTIME_MASK;
    }

    /** True when the exporter announced packet sampling (interval above zero). */
    public boolean sampled() {
        return samplingInterval > 0;
    }
}
