package org.elkflow.flowcodec.wire;

import org.elkflow.flowcodec.DropReason;

/**
 * A datagram cannot be decoded. Thrown by {@link DatagramReader} on any read past the end and by protocol
 * decoders on inconsistent content; caught by the facade, which reports it as a drop.
 *
 * <p>Hostile or broken exporters can make this the common path, so the exception carries no stack trace.
 */
public final class MalformedDatagramException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final DropReason reason;

    public MalformedDatagramException(DropReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    /** Shorthand for the most common case, {@link DropReason#MALFORMED}. */
    public static MalformedDatagramException malformed(String detail) {
        return new MalformedDatagramException(DropReason.MALFORMED, detail);
    }

    public DropReason reason() {
        return reason;
    }

    /** The short explanation, the same text as {@link #getMessage()}. */
    public String detail() {
        return getMessage();
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
