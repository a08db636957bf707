package org.elkflow.retention.cluster;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the time of one rollup batch went, so an operator (and the benchmark) can tell a slow aggregation from slow
 * indexing, index creation, refresh or the checkpoint's cluster-state update without a profiler. Written by the
 * batch's callbacks, which run on different threads (the bulk of page n runs while page n+1 is aggregated), hence
 * the atomics. Kept in the master's memory only: it describes what this node did, and a counter that survives
 * failover would mix two nodes' clocks.
 */
final class BatchTiming {

    /** One timed part of a batch; the order is the order of the output. */
    enum Part {
        /** the min/max search that bounds the batch to the index's data */
        BOUNDS("bounds"),
        /** creating missing target indices (and waiting for their primary shard) */
        CREATE_INDICES("create_indices"),
        /** reading raw documents for their digests (rollups with {@code digests}) */
        DIGEST_READ("digest_read"),
        /** composite aggregation requests, each from send to response */
        SEARCH("search"),
        /** turning aggregation buckets into rollup documents (percentile conversion, ids, bulk request) */
        BUILD("build"),
        /** bulk requests, each from send to response */
        BULK("bulk"),
        /** the refresh of the target indices before the checkpoint moves */
        REFRESH("refresh"),
        /** the cluster-state update that stores the checkpoint */
        CHECKPOINT("checkpoint");

        final String key;

        Part(String key) {
            this.key = key;
        }
    }

    final String index;
    private final long startedAtMillis;
    private final long startNanos;
    private final long waitedMillis;
    private final AtomicLong[] nanos = new AtomicLong[Part.values().length];
    private final AtomicLong pages = new AtomicLong();
    private volatile long windows;
    private volatile long docs;
    private volatile long tookNanos = -1;

    /**
     * @param waitedMillis time from the start of the tick to the start of this batch (housekeeping and the batches
     *                     before it in the same tick)
     */
    BatchTiming(String index, long waitedMillis) {
        this.index = index;
        this.startedAtMillis = System.currentTimeMillis();
        this.startNanos = System.nanoTime();
        this.waitedMillis = waitedMillis;
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = new AtomicLong();
        }
    }

    long start() {
        return System.nanoTime();
    }

    /** Adds the time since {@code startNanos} (a value of {@link #start()}) to {@code part}. */
    void add(Part part, long startNanos) {
        nanos[part.ordinal()].addAndGet(System.nanoTime() - startNanos);
    }

    void page() {
        pages.incrementAndGet();
    }

    void windows(long windows) {
        this.windows = windows;
    }

    void docs(long docs) {
        this.docs = docs;
    }

    /** Called when the batch (including its checkpoint update) is over. */
    void finish() {
        tookNanos = System.nanoTime() - startNanos;
    }

    long tookMillis() {
        return TimeUnit.NANOSECONDS.toMillis(tookNanos);
    }

    long millis(Part part) {
        return TimeUnit.NANOSECONDS.toMillis(nanos[part.ordinal()].get());
    }

    long pages() {
        return pages.get();
    }

    long windowsCount() {
        return windows;
    }

    long docsCount() {
        return docs;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("started_at", Instant.ofEpochMilli(startedAtMillis).toString());
        m.put("took_millis", tookMillis());
        m.put("waited_in_tick_millis", waitedMillis);
        m.put("windows", windows);
        m.put("pages", pages.get());
        m.put("docs", docs);
        for (Part p : Part.values()) {
            m.put(p.key + "_millis", millis(p));
        }
        return m;
    }

    /** Sums over the batches of one rollup since this node became master. */
    static final class Totals {
        private long batches;
        private long tookMillis;
        private long windows;
        private long pages;
        private long docs;
        private final long[] millis = new long[Part.values().length];

        synchronized void add(BatchTiming t) {
            batches++;
            tookMillis += t.tookMillis();
            windows += t.windowsCount();
            pages += t.pages();
            docs += t.docsCount();
            for (Part p : Part.values()) {
                millis[p.ordinal()] += t.millis(p);
            }
        }

        synchronized Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("batches", batches);
            m.put("took_millis", tookMillis);
            m.put("windows", windows);
            m.put("pages", pages);
            m.put("docs", docs);
            for (Part p : Part.values()) {
                m.put(p.key + "_millis", millis[p.ordinal()]);
            }
            return m;
        }
    }
}
