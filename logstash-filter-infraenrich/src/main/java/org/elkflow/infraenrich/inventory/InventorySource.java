package org.elkflow.infraenrich.inventory;

import java.io.IOException;

/** Where inventory text comes from: a file or an HTTP(S) URL. Used by one reloading thread at a time. */
public interface InventorySource {

    /** A name for logs and metrics: the path or URL. */
    String name();

    InventoryFormat format();

    /**
     * The text if it may have changed since the previous call, or null if it certainly has not.
     * The first call always returns the text.
     *
     * @throws IOException if the source cannot be read (missing file, HTTP error, timeout)
     */
    String fetchIfChanged() throws IOException;
}
