package org.elkflow.infraenrich.inventory;

/** What the inventory reports while loading; the filter turns these into log lines and metrics. */
public interface InventoryListener {

    /** A row was skipped; the rest of its source loaded. Line numbers start at 1. */
    void badRow(String source, int line, String message);

    /** A whole source could not be read or parsed; its previous table (if any) stays in service. */
    void sourceFailed(String source, String message);

    /** A new snapshot was published. */
    void reloaded(InventorySnapshot snapshot, long loadNanos);

    InventoryListener NONE = new InventoryListener() {
        @Override
        public void badRow(String source, int line, String message) { }

        @Override
        public void sourceFailed(String source, String message) { }

        @Override
        public void reloaded(InventorySnapshot snapshot, long loadNanos) { }
    };
}
