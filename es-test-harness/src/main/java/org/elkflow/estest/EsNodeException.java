package org.elkflow.estest;

/**
 * A node could not be prepared, started or stopped. Start failures carry the tail of the node's log and of the
 * launcher's output in the message.
 */
public final class EsNodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    EsNodeException(String message) {
        super(message);
    }

    EsNodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
