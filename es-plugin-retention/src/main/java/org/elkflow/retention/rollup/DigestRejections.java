package org.elkflow.retention.rollup;

/**
 * Digests a rollup could not read (corrupt base64, not an elkflow digest, an unknown layout version, not a string):
 * they are left out of the merge and counted, never silently. The count goes to {@code _retention/stats} together
 * with the checkpoint the batch advances (so a window redone after a failover is not counted twice), the last
 * message names index, document, field and reason. Not thread-safe: one batch fills it.
 */
public final class DigestRejections {

    private long count;
    private String last;

    public void reject(String index, String docId, String field, String reason) {
        count++;
        last = "index [" + index + "] document [" + docId + "] field [" + field + "]: " + reason;
    }

    public long count() {
        return count;
    }

    /** The most recent rejection, or null when there was none. */
    public String last() {
        return last;
    }
}
