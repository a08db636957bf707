package org.elkflow.infraenrich.inventory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The inventory in service, and how it is refreshed. {@link #refresh()} (called by one poller thread) reads
 * the sources that changed, builds their tables beside the ones in service, and publishes a new
 * {@link InventorySnapshot} with a single atomic reference swap: a reader sees the old snapshot or the new
 * one, never a mixture. A source that cannot be read or parsed at all keeps its previous table; its bad rows
 * never stop its good rows from loading.
 */
public final class Inventory {

    private final List<InventorySource> sources;
    private final InventoryListener listener;
    private final List<LongestPrefixTable<InfraRecord>> tables;
    private final AtomicReference<InventorySnapshot> current = new AtomicReference<>(InventorySnapshot.EMPTY);

    public Inventory(List<InventorySource> sources, InventoryListener listener) {
        this.sources = List.copyOf(sources);
        this.listener = listener;
        this.tables = new ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++) {
            tables.add(null);
        }
    }

    /**
     * First load: every source must be usable, otherwise the configuration is rejected.
     *
     * @throws InventoryFormatException naming the first source that failed
     */
    public synchronized InventorySnapshot load() throws InventoryFormatException {
        long start = System.nanoTime();
        for (int i = 0; i < sources.size(); i++) {
            InventorySource source = sources.get(i);
            try {
                tables.set(i, read(source, true));
            } catch (InventoryFormatException e) {
                throw new InventoryFormatException(source.name() + ": " + e.getMessage(), e);
            }
        }
        return publish(start);
    }

    /**
     * Re-reads the sources that changed. Returns the snapshot in service afterwards (the same object if
     * nothing changed or every changed source failed).
     */
    public synchronized InventorySnapshot refresh() {
        long start = System.nanoTime();
        boolean changed = false;
        for (int i = 0; i < sources.size(); i++) {
            InventorySource source = sources.get(i);
            try {
                LongestPrefixTable<InfraRecord> t = read(source, false);
                if (t != null) {
                    tables.set(i, t);
                    changed = true;
                }
            } catch (InventoryFormatException e) {
                listener.sourceFailed(source.name(), e.getMessage()
                        + (tables.get(i) == null ? "" : " (keeping the previously loaded table)"));
            } catch (RuntimeException e) {
                listener.sourceFailed(source.name(), "unexpected " + e + " (keeping the previously loaded table)");
            }
        }
        return changed ? publish(start) : current.get();
    }

    public InventorySnapshot current() {
        return current.get();
    }

    public List<InventorySource> sources() {
        return sources;
    }

    private LongestPrefixTable<InfraRecord> read(InventorySource source, boolean required)
            throws InventoryFormatException {
        String text;
        try {
            text = source.fetchIfChanged();
        } catch (IOException e) {
            throw new InventoryFormatException("cannot read: " + e.getMessage(), e);
        }
        if (text == null) {
            if (required) {
                throw new InventoryFormatException("no content");
            }
            return null;
        }
        RowSink sink = new RowSink(source.name(), listener);
        source.format().parser().parse(source.name(), text, sink);
        return sink.table();
    }

    private InventorySnapshot publish(long startNanos) {
        List<String> names = new ArrayList<>();
        List<LongestPrefixTable<InfraRecord>> ready = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            if (tables.get(i) != null) {
                names.add(sources.get(i).name());
                ready.add(tables.get(i));
            }
        }
        InventorySnapshot next = new InventorySnapshot(names, ready, current.get().version() + 1);
        current.set(next);
        listener.reloaded(next, System.nanoTime() - startNanos);
        return next;
    }

    /** Parses one text as if it were a source with the given name (for tools and tests). */
    public static LongestPrefixTable<InfraRecord> parse(String name, InventoryFormat format, String text,
                                                        InventoryListener listener) throws InventoryFormatException {
        RowSink sink = new RowSink(name, listener);
        format.parser().parse(name, text, sink);
        return sink.table();
    }
}
