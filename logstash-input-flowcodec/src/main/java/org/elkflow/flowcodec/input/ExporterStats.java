package org.elkflow.flowcodec.input;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.elkflow.flowcodec.wire.AddressText;

/**
 * Per-exporter counters with bounded cardinality: the first {@code max} source addresses get their own entry,
 * every further one is added to a shared {@code "other"} entry, so a spoofed flood cannot grow the map. Thread-safe.
 */
final class ExporterStats {

    static final String OTHER = "other";

    /** Counters of one exporter (or of the "other" bucket). */
    static final class Entry {
        final String exporter;
        final LongAdder received = new LongAdder();
        final LongAdder notAllowed = new LongAdder();
        final LongAdder queueFull = new LongAdder();
        final LongAdder decoded = new LongAdder();
        final LongAdder dropped = new LongAdder();
        final LongAdder records = new LongAdder();

        Entry(String exporter) {
            this.exporter = exporter;
        }

        @Override
        public String toString() {
            return exporter + "{received=" + received.sum() + ", decoded=" + decoded.sum() + ", records="
                    + records.sum() + ", dropped=" + dropped.sum() + ", queue_full=" + queueFull.sum()
                    + ", not_allowed=" + notAllowed.sum() + "}";
        }
    }

    private final int max;
    private final ConcurrentHashMap<InetAddress, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Entry other = new Entry(OTHER);

    ExporterStats(int max) {
        this.max = max;
    }

    Entry of(InetAddress exporter) {
        if (exporter == null) {
            return other;
        }
        Entry entry = entries.get(exporter);
        if (entry != null) {
            return entry;
        }
        if (size.get() >= max) {
            return other;
        }
        Entry added = entries.computeIfAbsent(exporter, address -> {
            if (size.incrementAndGet() > max) {
                size.decrementAndGet();
                return null;
            }
            return new Entry(AddressText.of(address));
        });
        return added == null ? other : added;
    }

    /** Entries by received datagrams, busiest first, then "other" when it has counts; at most {@code limit}. */
    List<Entry> busiest(int limit) {
        List<Entry> all = new ArrayList<>(entries.values());
        all.sort(Comparator.comparingLong((Entry e) -> e.received.sum()).reversed());
        List<Entry> out = new ArrayList<>(all.subList(0, Math.min(limit, all.size())));
        if (other.received.sum() > 0) {
            out.add(other);
        }
        return out;
    }

    int tracked() {
        return size.get();
    }
}
