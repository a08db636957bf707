package org.elkflow.flowcodec.testing;

import java.util.ArrayList;
import java.util.List;

import org.elkflow.flowcodec.DecodeListener;
import org.elkflow.flowcodec.DropReason;

/** Keeps every callback, in order, for assertions. Not thread-safe. */
public final class RecordingListener implements DecodeListener {

    public record Drop(DropReason reason, String detail) {
    }

    public final List<Integer> decoded = new ArrayList<>();
    public final List<Drop> drops = new ArrayList<>();

    @Override
    public void onDecoded(int records) {
        decoded.add(records);
    }

    @Override
    public void onDropped(DropReason reason, String detail) {
        drops.add(new Drop(reason, detail));
    }

    /** The only drop; fails when there was not exactly one drop or any datagram was decoded. */
    public Drop singleDrop() {
        if (drops.size() != 1 || !decoded.isEmpty()) {
            throw new AssertionError("expected exactly one drop and nothing decoded, got drops=" + drops
                    + " decoded=" + decoded);
        }
        return drops.get(0);
    }
}
