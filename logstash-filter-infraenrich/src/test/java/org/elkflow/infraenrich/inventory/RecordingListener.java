package org.elkflow.infraenrich.inventory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what the inventory reported. */
public final class RecordingListener implements InventoryListener {
    public final List<String> badRows = new CopyOnWriteArrayList<>();
    public final List<String> failures = new CopyOnWriteArrayList<>();
    public final List<Long> versions = new CopyOnWriteArrayList<>();

    @Override
    public void badRow(String source, int line, String message) {
        badRows.add(source.replaceAll(".*/", "") + ":" + line + ": " + message);
    }

    @Override
    public void sourceFailed(String source, String message) {
        failures.add(source.replaceAll(".*/", "") + ": " + message);
    }

    @Override
    public void reloaded(InventorySnapshot snapshot, long loadNanos) {
        versions.add(snapshot.version());
    }
}
