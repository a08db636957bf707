package org.elkflow.logstash.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A parsed Logstash field reference: {@code [a][b][c]}, a bare top-level name {@code a} (dots are part of the
 * name), or a name followed by brackets {@code a[b]}. References whose first part is {@code @metadata} address the
 * event's metadata, which Logstash keeps apart from the data.
 *
 * <p>Malformed references ({@code [a]b}, {@code [a}, {@code []}) are rejected, because Logstash's strict parser
 * rejects them too and a plugin test should find out before the plugin meets a real pipeline.
 */
final class FieldReference {

    static final String METADATA = "@metadata";
    static final String TIMESTAMP = "@timestamp";

    // Plugins use a handful of constant references per event; parsing them once keeps big driver runs cheap.
    private static final Map<String, FieldReference> CACHE = new ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 10_000;

    private final String text;
    private final boolean metadata;
    private final List<String> path;

    private FieldReference(String text, boolean metadata, List<String> path) {
        this.text = text;
        this.metadata = metadata;
        this.path = path;
    }

    static FieldReference parse(String reference) {
        if (reference == null || reference.isEmpty()) {
            throw new IllegalArgumentException("A field reference must not be null or empty");
        }
        FieldReference cached = CACHE.get(reference);
        if (cached != null) {
            return cached;
        }
        FieldReference parsed = parseUncached(reference);
        if (CACHE.size() < CACHE_LIMIT) {
            CACHE.put(reference, parsed);
        }
        return parsed;
    }

    private static FieldReference parseUncached(String reference) {
        List<String> parts = new ArrayList<>();
        int pos = 0;
        int firstBracket = reference.indexOf('[');
        if (firstBracket < 0) {
            if (reference.indexOf(']') >= 0) {
                throw malformed(reference, "']' without '['");
            }
            parts.add(reference);
            pos = reference.length();
        } else if (firstBracket > 0) {
            parts.add(reference.substring(0, firstBracket));
            pos = firstBracket;
        }
        while (pos < reference.length()) {
            if (reference.charAt(pos) != '[') {
                throw malformed(reference, "text after ']' must start a new '[...]' part");
            }
            int close = reference.indexOf(']', pos + 1);
            if (close < 0) {
                throw malformed(reference, "'[' is never closed");
            }
            String part = reference.substring(pos + 1, close);
            if (part.isEmpty()) {
                throw malformed(reference, "empty '[]' part");
            }
            if (part.indexOf('[') >= 0) {
                throw malformed(reference, "nested '['");
            }
            parts.add(part);
            pos = close + 1;
        }
        boolean metadata = parts.get(0).equals(METADATA);
        List<String> path = metadata ? parts.subList(1, parts.size()) : parts;
        return new FieldReference(reference, metadata, Collections.unmodifiableList(new ArrayList<>(path)));
    }

    private static IllegalArgumentException malformed(String reference, String why) {
        return new IllegalArgumentException("Invalid field reference '" + reference + "': " + why);
    }

    /** True when the reference points into {@code @metadata}; {@link #path()} is then relative to it. */
    boolean isMetadata() {
        return metadata;
    }

    /** True for {@code @metadata} itself (an empty path below the metadata root). */
    boolean isMetadataRoot() {
        return metadata && path.isEmpty();
    }

    boolean isTimestamp() {
        return !metadata && path.size() == 1 && path.get(0).equals(TIMESTAMP);
    }

    List<String> path() {
        return path;
    }

    @Override
    public String toString() {
        return text;
    }
}
