package org.elkflow.flowcodec;

import java.util.concurrent.atomic.LongAdder;

/** Thread-safe running totals of decode outcomes, suitable for metrics. Details of drops are not kept. */
public final class DecodeCounters implements DecodeListener {

    private static final DropReason[] REASONS = DropReason.values();

    private final LongAdder datagrams = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder[] drops = new LongAdder[REASONS.length];

    public DecodeCounters() {
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
    }

    @Override
    public void onDecoded(int recordCount) {
        datagrams.increment();
        records.add(recordCount);
    }

    @Override
    public void onDropped(DropReason reason, String detail) {
        drops[reason.ordinal()].increment();
    }

    /** Datagrams that were decoded (including ones that legitimately held no records). */
    public long datagramsDecoded() {
        return datagrams.sum();
    }

    /** Records decoded, which is the number of events emitted. */
    public long recordsDecoded() {
        return records.sum();
    }

    public long dropped(DropReason reason) {
        return drops[reason.ordinal()].sum();
    }

    public long droppedTotal() {
        long total = 0;
        for (LongAdder drop : drops) {
            total += drop.sum();
        }
        return total;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(96)
                .append("DecodeCounters{datagrams=").append(datagramsDecoded())
                .append(", records=").append(recordsDecoded());
        for (DropReason reason : REASONS) {
            sb.append(", ").append(reason.metricName()).append('=').append(dropped(reason));
        }
        return sb.append('}').toString();
    }
}
