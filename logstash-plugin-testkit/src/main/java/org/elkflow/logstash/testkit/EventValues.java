package org.elkflow.logstash.testkit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value rules of a Logstash event. Logstash converts everything a plugin puts into an event into Ruby objects
 * and throws {@code MissingConverterException} for Java types it has no converter for; that exception surfaces in
 * the input thread or pipeline worker, far away from the plugin code that caused it. Checking the same rules here
 * lets a plugin's unit test catch such values.
 *
 * <p>Values are also normalised the way a round trip through Logstash normalises them: Integer, Short and Byte come
 * back as Long, Float as Double. Maps and lists are copied, so the event never shares structure with the caller.
 */
final class EventValues {

    static final String ACCEPTED_TYPES = "String, Long, Integer, Short, Byte, Double, Float, Boolean, BigDecimal,"
            + " BigInteger, java.time.Instant, Map with String keys, List, or null";

    private EventValues() {
    }

    /**
     * Returns the event-internal form of {@code value}: a deep, normalised copy.
     *
     * @param field the field being written, for the error message
     * @throws IllegalArgumentException if the value (or anything nested in it) has no Logstash converter
     */
    static Object convert(String field, Object value) {
        return convert(value, null, field);
    }

    /**
     * Where a nested value sits ({@code field[key][1]}). Every input event goes through {@link #convert}, and
     * building that text for every value was most of the cost of the copy, so the text is only made for an error
     * message; a location object is only made for a map or list.
     */
    private static final class Location {
        final Location parent;
        final Object part;

        Location(Location parent, Object part) {
            this.parent = parent;
            this.part = part;
        }

        static String text(Location parent, Object part) {
            return parent == null ? String.valueOf(part) : text(parent.parent, parent.part) + "[" + part + "]";
        }

        @Override
        public String toString() {
            return text(parent, part);
        }
    }

    /** The value at {@code part} of the container at {@code parent} (a top-level field when parent is null). */
    private static Object convert(Object value, Location parent, Object part) {
        if (value == null
                || value instanceof String
                || value instanceof Long
                || value instanceof Double
                || value instanceof Boolean
                || value instanceof BigDecimal
                || value instanceof BigInteger
                || value instanceof Instant) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        if (value instanceof Map) {
            Map<?, ?> source = (Map<?, ?>) value;
            Location here = new Location(parent, part);
            // Sized for the source, so that building the copy never rehashes; the order stays the source's.
            Map<String, Object> copy = new LinkedHashMap<>(capacityFor(source.size()));
            // forEach visits the entries in the order of entrySet() without an entry object per entry.
            source.forEach((key, entryValue) -> {
                if (!(key instanceof String)) {
                    throw new IllegalArgumentException("Field '" + here + "' holds a map with a key of Java type "
                            + (key == null ? "null" : key.getClass().getName())
                            + "; event maps must have String keys");
                }
                copy.put((String) key, convert(entryValue, here, key));
            });
            return copy;
        }
        if (value instanceof List) {
            List<?> source = (List<?>) value;
            Location here = new Location(parent, part);
            List<Object> copy = new ArrayList<>(source.size());
            int index = 0;
            for (Object element : source) {
                copy.add(convert(element, here, index++));
            }
            return copy;
        }
        throw new IllegalArgumentException("Field '" + Location.text(parent, part) + "' cannot hold a value of Java"
                + " type " + value.getClass().getName() + ": Logstash has no converter for it and would throw"
                + " MissingConverterException. Accepted: " + ACCEPTED_TYPES);
    }

    /** Initial capacity of a hash map that holds {@code entries} entries without resizing. */
    static int capacityFor(int entries) {
        return (int) Math.min(Integer.MAX_VALUE, entries * 4L / 3 + 1);
    }

    /** Deep copy of a value that is already in event-internal form (no checks needed, no normalisation left). */
    @SuppressWarnings("unchecked")
    static Object copy(Object value) {
        if (value instanceof Map) {
            Map<String, Object> source = (Map<String, Object>) value;
            Map<String, Object> copy = new LinkedHashMap<>(capacityFor(source.size()));
            source.forEach((k, v) -> copy.put(k, copy(v)));
            return copy;
        }
        if (value instanceof List) {
            List<Object> copy = new ArrayList<>(((List<?>) value).size());
            for (Object element : (List<?>) value) {
                copy.add(copy(element));
            }
            return copy;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> copyMap(Map<String, Object> map) {
        return (Map<String, Object>) copy(map);
    }
}
