package org.elkflow.flowcodec.input;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.elkflow.flowcodec.DropReason;
import org.elkflow.flowcodec.wire.AddressText;

/**
 * Per-exporter counters with bounded cardinality: the first {@code max} source addresses get their own entry,
 * every further one is added to a shared {@code "other"} entry, so a spoofed flood cannot grow the map. Thread-safe.
 */
final class ExporterStats {

    static final String OTHER = "other";

    /**
     * Names of the counters {@link Entry#values()} returns, in that order: the input's own metric names, so an
     * exporter's counters read like the plugin's totals (and add up to them when no exporter is beyond the bound).
     */
    static final List<String> COUNTER_NAMES = List.copyOf(new Entry(OTHER).counters.keySet());

    /** Counters of one exporter (or of the "other" bucket). */
    static final class Entry {
        final String exporter;
        /** Every counter under its metric name, in declaration order: names and values cannot drift apart. */
        private final Map<String, LongAdder> counters = new LinkedHashMap<>();
        final LongAdder received = counter("datagrams_received");
        final LongAdder decoded = counter("datagrams_decoded");
        final LongAdder records = counter("records_decoded");
        final LongAdder events = counter("events_emitted");
        final LongAdder downsampled = counter("events_downsampled");
        final LongAdder eventsShutdown = counter("events_dropped_shutdown");
        final LongAdder eventsRefused = counter("events_refused");
        final LongAdder notAllowed = counter("dropped_not_allowed");
        final LongAdder queueFull = counter("dropped_queue_full");
        final LongAdder shutdown = counter("dropped_shutdown");
        final LongAdder decodeErrors = counter("decode_errors");
        private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

        Entry(String exporter) {
            this.exporter = exporter;
            for (DropReason reason : DropReason.values()) {
                dropped.put(reason, counter("dropped_" + reason.metricName()));
            }
        }

        private LongAdder counter(String name) {
            LongAdder adder = new LongAdder();
            counters.put(name, adder);
            return adder;
        }

        LongAdder dropped(DropReason reason) {
            return dropped.get(reason);
        }

        /** Current values in the order of {@link #COUNTER_NAMES}. */
        long[] values() {
            long[] out = new long[counters.size()];
            int i = 0;
            for (LongAdder adder : counters.values()) {
                out[i++] = adder.sum();
            }
            return out;
        }

        /** Decoder drops of every reason plus decode errors: the losses that happen while decoding. */
        private long decodeDrops() {
            long sum = decodeErrors.sum();
            for (LongAdder reason : dropped.values()) {
                sum += reason.sum();
            }
            return sum;
        }

        @Override
        public String toString() {
            return exporter + "{received=" + received.sum() + ", decoded=" + decoded.sum() + ", records="
                    + records.sum() + ", dropped=" + decodeDrops() + ", queue_full=" + queueFull.sum()
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

    /** Every exporter with its own entry, then the "other" bucket (always, even while it counts nothing). */
    void forEach(Consumer<Entry> action) {
        entries.values().forEach(action);
        action.accept(other);
    }

    int tracked() {
        return size.get();
    }
}
