package org.elkflow.flowcodec.sflow;

/**
 * The input or output interface of a flow sample. sFlow packs a 2-bit format and a 30-bit value into one word in
 * the compact flow sample and sends them as two words in the expanded one; both end up here.
 *
 * @param format {@link #FORMAT_IF_INDEX}, {@link #FORMAT_DISCARDED}, {@link #FORMAT_MULTIPLE} (3 is undefined)
 * @param value  the ifIndex (0 = unknown), the discard reason code, or the number of interfaces (0 = unknown)
 */
public record InterfaceRef(int format, long value) {

    public static final int FORMAT_IF_INDEX = 0;
    public static final int FORMAT_DISCARDED = 1;
    public static final int FORMAT_MULTIPLE = 2;
    /** ifIndex value meaning "the agent itself": the packet came from or went to an internal interface. */
    public static final long INTERNAL = 0x3FFF_FFFFL;

    /** Splits the compact encoding: top two bits format, low thirty bits value. */
    public static InterfaceRef compact(long word) {
        return new InterfaceRef((int) (word >>> 30) & 3, word & INTERNAL);
    }

    public boolean isIfIndex() {
        return format == FORMAT_IF_INDEX;
    }

    public boolean isDiscarded() {
        return format == FORMAT_DISCARDED;
    }

    public boolean isMultiple() {
        return format == FORMAT_MULTIPLE;
    }

    /** An ifIndex of 0x3fffffff: the agent's own (internal) interface. */
    public boolean isInternal() {
        return format == FORMAT_IF_INDEX && value == INTERNAL;
    }

    /** A real ifIndex: format ifIndex, neither 0 (unknown) nor internal. */
    public boolean isKnownIfIndex() {
        return format == FORMAT_IF_INDEX && value != 0 && value != INTERNAL;
    }

    /** Lower-case name of the format for events: {@code ifindex}, {@code discarded}, {@code multiple}, {@code unknown}. */
    public String formatName() {
        switch (format) {
            case FORMAT_IF_INDEX:
                return "ifindex";
            case FORMAT_DISCARDED:
                return "discarded";
            case FORMAT_MULTIPLE:
                return "multiple";
            default:
                return "unknown";
        }
    }
}
