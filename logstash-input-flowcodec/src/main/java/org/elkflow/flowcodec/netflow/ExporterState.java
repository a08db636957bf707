package org.elkflow.flowcodec.netflow;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the collector remembers about one exporter (address + protocol version + source id / observation
 * domain): its compiled templates, the data sets waiting for a template, and the sampling rates its options
 * records announced. Templates are read lock-free; the waiting buffer is guarded by this object's monitor.
 */
public final class ExporterState {

    final InetAddress address;
    final int version;
    final long domain;
    final ConcurrentHashMap<Integer, CompiledTemplate> templates = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Long> samplerRates = new ConcurrentHashMap<>();
    private volatile long defaultSamplingRate;
    private volatile long systemInitMillis = -1;

    private final ArrayDeque<PendingSet> pending = new ArrayDeque<>();
    private int pendingBytes;
    /** Number of buffered sets, readable without the lock (hot path: nothing pending, nothing to expire). */
    private volatile int pendingSize;
    volatile long lastSeenMillis;

    /** Counts changes of the state worth persisting (templates, sampling rates, system init time). */
    private final java.util.concurrent.atomic.AtomicLong changes;

    ExporterState(InetAddress address, int version, long domain) {
        this(address, version, domain, new java.util.concurrent.atomic.AtomicLong());
    }

    ExporterState(InetAddress address, int version, long domain, java.util.concurrent.atomic.AtomicLong changes) {
        this.address = address;
        this.version = version;
        this.domain = domain;
        this.changes = changes;
    }

    void changed() {
        changes.incrementAndGet();
    }

    long defaultSamplingRate() {
        return defaultSamplingRate;
    }

    java.util.Map<Long, Long> samplerRates() {
        return java.util.Map.copyOf(samplerRates);
    }

    /** A data set that came before its template, with the header of the message that carried it. */
    static final class PendingSet {
        final int templateId;
        final byte[] bytes;
        final MessageHeader header;
        final long arrivedMillis;

        PendingSet(int templateId, byte[] bytes, MessageHeader header, long arrivedMillis) {
            this.templateId = templateId;
            this.bytes = bytes;
            this.header = header;
            this.arrivedMillis = arrivedMillis;
        }
    }

    CompiledTemplate template(int id) {
        return templates.get(id);
    }

    /** Sampling rate for a record: its sampler's rate when known, else the exporter-wide one; 0 = unknown. */
    public long samplingRate(long samplerId) {
        if (samplerId >= 0) {
            Long rate = samplerRates.get(samplerId);
            if (rate != null) {
                return rate;
            }
        }
        return defaultSamplingRate;
    }

    void recordSamplingRate(long samplerId, long rate) {
        if (rate <= 0) {
            return;
        }
        boolean changed = defaultSamplingRate != rate;
        if (samplerId >= 0 && samplerRates.size() < 4096) {
            Long before = samplerRates.put(samplerId, rate);
            changed |= before == null || before != rate;
        }
        defaultSamplingRate = rate;
        if (changed) {
            changed();
        }
    }

    /** systemInitTimeMilliseconds announced by an options record; -1 when unknown. */
    public long systemInitMillis() {
        return systemInitMillis;
    }

    void systemInitMillis(long millis) {
        if (systemInitMillis != millis) {
            systemInitMillis = millis;
            changed();
        }
    }

    /**
     * Buffers a set; returns how many older sets had to be evicted to respect the limits (each a
     * template-missing drop), or -1 when this set itself cannot be buffered.
     */
    synchronized int buffer(PendingSet set, TemplateLimits limits) {
        if (limits.pendingMaxSets == 0 || set.bytes.length > limits.pendingMaxBytes) {
            return -1;
        }
        int evicted = 0;
        while (!pending.isEmpty() && (pending.size() >= limits.pendingMaxSets
                || pendingBytes + set.bytes.length > limits.pendingMaxBytes)) {
            pendingBytes -= pending.removeFirst().bytes.length;
            evicted++;
        }
        pending.addLast(set);
        pendingBytes += set.bytes.length;
        pendingSize = pending.size();
        return evicted;
    }

    /** Removes and returns the buffered sets for {@code templateId}, oldest first. */
    synchronized List<PendingSet> takePending(int templateId) {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<PendingSet> taken = null;
        for (Iterator<PendingSet> it = pending.iterator(); it.hasNext(); ) {
            PendingSet p = it.next();
            if (p.templateId == templateId) {
                if (taken == null) {
                    taken = new ArrayList<>(2);
                }
                taken.add(p);
                pendingBytes -= p.bytes.length;
                it.remove();
            }
        }
        pendingSize = pending.size();
        return taken == null ? List.of() : taken;
    }

    /** Drops buffered sets older than {@code maxAge}; returns how many. */
    int expire(long nowMillis, long maxAgeMillis) {
        return pendingSize == 0 ? 0 : expireLocked(nowMillis, maxAgeMillis);
    }

    private synchronized int expireLocked(long nowMillis, long maxAgeMillis) {
        int expired = 0;
        while (!pending.isEmpty() && nowMillis - pending.peekFirst().arrivedMillis >= maxAgeMillis) {
            pendingBytes -= pending.removeFirst().bytes.length;
            expired++;
        }
        pendingSize = pending.size();
        return expired;
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    public int templateCount() {
        return templates.size();
    }

    public long domain() {
        return domain;
    }

    public int version() {
        return version;
    }
}
