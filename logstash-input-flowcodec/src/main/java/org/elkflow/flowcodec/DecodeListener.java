package org.elkflow.flowcodec;

/**
 * Receives the outcome of every datagram handed to {@link FlowDatagramDecoder}. Implementations must be
 * thread-safe when the decoder is shared between threads, and must be cheap: they run on the decode path.
 */
public interface DecodeListener {

    /** A datagram was decoded and {@code records} events were handed to the sink. */
    void onDecoded(int records);

    /**
     * A datagram (or, for template-based protocols, a part of one) was dropped.
     *
     * @param detail short, specific explanation meant for a rate-limited log line
     */
    void onDropped(DropReason reason, String detail);
}
