package org.elkflow.infraenrich.inventory;

/** A source as a whole cannot be used (unreadable, wrong header, invalid YAML, no usable row at all). */
public final class InventoryFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public InventoryFormatException(String message) {
        super(message);
    }

    public InventoryFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
