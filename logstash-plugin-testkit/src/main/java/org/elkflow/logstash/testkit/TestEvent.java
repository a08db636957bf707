package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.Event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory event with Logstash's semantics as far as a Java plugin can observe them.
 *
 * <ul>
 *   <li>Field references: {@code [a][b][c]}, bare {@code a} (a top-level name, dots included), numeric parts index
 *       into lists (negative from the end). Writing creates missing intermediate maps.</li>
 *   <li>{@code @timestamp} is an {@link Instant}. When the source map has none, the event gets "now"; an
 *       unparseable one is moved to {@code _@timestamp} and the event tagged {@code _timestampparsefailure}, as
 *       Logstash does.</li>
 *   <li>{@code @metadata} lives apart from the data: {@link #getData()} and {@link #toMap()} never contain it,
 *       {@code [@metadata][x]} references reach it.</li>
 *   <li>Values are checked and normalised like Logstash's converter does (see {@link EventValues}): an
 *       unconvertible value is an {@link IllegalArgumentException} naming the field and the Java type.</li>
 *   <li>{@link #getField} hands out copies of maps and lists (Logstash converts them into fresh Java objects), so
 *       changing a returned map does not change the event. {@link #getData()} and {@link #getMetadata()} are the
 *       live maps, as in Logstash; writing through them bypasses the value checks.</li>
 * </ul>
 * Not thread-safe, like Logstash's event: one event belongs to one worker at a time.
 */
public final class TestEvent implements Event {

    static final String TAGS = "tags";
    static final String TIMESTAMP_FAILURE_TAG = "_timestampparsefailure";
    static final String TIMESTAMP_FAILURE_FIELD = "_@timestamp";

    private static final Object MISSING = new Object();

    private Map<String, Object> data;
    private Map<String, Object> metadata;
    private boolean cancelled;

    /** An empty event stamped with the current time. */
    public TestEvent() {
        this(Map.of());
    }

    /**
     * An event holding a deep copy of {@code source}. {@code @timestamp} may be an {@link Instant} or an ISO-8601
     * string; {@code @metadata}, if present, must be a map and becomes the metadata.
     *
     * @throws IllegalArgumentException if a value has no Logstash converter
     */
    public TestEvent(Map<String, Object> source) {
        // Room for every source entry plus the ones added here (@timestamp, _@timestamp, tags): no rehashing.
        data = new LinkedHashMap<>(EventValues.capacityFor(source.size() + 3));
        metadata = new LinkedHashMap<>();
        Object rawTimestamp = source.get(FieldReference.TIMESTAMP);
        Instant timestamp = parseTimestamp(rawTimestamp);
        data.put(FieldReference.TIMESTAMP, timestamp != null ? timestamp : Instant.now());
        for (Map.Entry<String, Object> entry : source.entrySet()) {
            String key = entry.getKey();
            if (key.equals(FieldReference.TIMESTAMP)) {
                continue;
            }
            if (key.equals(FieldReference.METADATA)) {
                metadata = metadataMap(entry.getValue());
                continue;
            }
            data.put(key, EventValues.convert(key, entry.getValue()));
        }
        if (rawTimestamp != null && timestamp == null) {
            // Logstash keeps the event but moves the bad value aside and tags it, rather than dropping data.
            data.put(TIMESTAMP_FAILURE_FIELD, EventValues.convert(FieldReference.TIMESTAMP, rawTimestamp));
            tag(TIMESTAMP_FAILURE_TAG);
        }
    }

    private TestEvent(Map<String, Object> data, Map<String, Object> metadata) {
        this.data = data;
        this.metadata = metadata;
    }

    /**
     * What Logstash does with each map an input hands to its consumer: a deep copy (the input may reuse the map),
     * checked against the converter rules.
     */
    public static TestEvent fromMap(Map<String, Object> source) {
        return new TestEvent(source);
    }

    /** The instant a source map's {@code @timestamp} denotes; null when absent or unparseable. */
    private static Instant parseTimestamp(Object raw) {
        if (raw instanceof Instant) {
            return (Instant) raw;
        }
        if (raw instanceof String) {
            try {
                return TimestampText.parse((String) raw);
            } catch (IllegalArgumentException unparseable) {
                return null;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadataMap(Object value) {
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("Field '@metadata' must be a map, not a "
                    + value.getClass().getName());
        }
        return (Map<String, Object>) EventValues.convert(FieldReference.METADATA, value);
    }

    @Override
    public Map<String, Object> getData() {
        return data;
    }

    @Override
    public Map<String, Object> getMetadata() {
        return metadata;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public void uncancel() {
        cancelled = false;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public Instant getEventTimestamp() {
        Object value = data.get(FieldReference.TIMESTAMP);
        return value instanceof Instant ? (Instant) value : null;
    }

    @Override
    public void setEventTimestamp(Instant t) {
        if (t == null) {
            throw new IllegalArgumentException("@timestamp must not be null");
        }
        data.put(FieldReference.TIMESTAMP, t);
    }

    @Override
    public Object getField(String reference) {
        Object value = lookup(FieldReference.parse(reference));
        return value == MISSING ? null : EventValues.copy(value);
    }

    /** Logstash returns its internal Ruby objects here; the test kit has none, so this equals {@link #getField}. */
    @Override
    public Object getUnconvertedField(String reference) {
        return getField(reference);
    }

    @Override
    public boolean includes(String field) {
        FieldReference ref = FieldReference.parse(field);
        if (ref.isMetadataRoot()) {
            return !metadata.isEmpty();
        }
        return lookup(ref) != MISSING;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void setField(String reference, Object value) {
        FieldReference ref = FieldReference.parse(reference);
        if (ref.isTimestamp()) {
            setEventTimestamp(toInstant(value));
            return;
        }
        if (ref.isMetadataRoot()) {
            metadata = metadataMap(value);
            return;
        }
        Object converted = EventValues.convert(reference, value);
        List<String> path = ref.path();
        Object node = ref.isMetadata() ? metadata : data;
        for (int i = 0; i < path.size() - 1; i++) {
            String part = path.get(i);
            Object child;
            if (node instanceof Map) {
                Map<String, Object> map = (Map<String, Object>) node;
                child = map.get(part);
                if (child == null) {
                    child = new LinkedHashMap<String, Object>();
                    map.put(part, child);
                }
            } else if (node instanceof List) {
                List<Object> list = (List<Object>) node;
                int index = listIndex(part, list.size());
                if (index < 0) {
                    throw cannotSet(reference, part, node);
                }
                child = list.get(index);
                if (child == null) {
                    child = new LinkedHashMap<String, Object>();
                    list.set(index, child);
                }
            } else {
                throw cannotSet(reference, part, node);
            }
            node = child;
        }
        String last = path.get(path.size() - 1);
        if (node instanceof Map) {
            ((Map<String, Object>) node).put(last, converted);
        } else if (node instanceof List) {
            List<Object> list = (List<Object>) node;
            int index = listIndex(last, list.size());
            if (index < 0) {
                throw cannotSet(reference, last, node);
            }
            list.set(index, converted);
        } else {
            throw cannotSet(reference, last, node);
        }
    }

    private static IllegalArgumentException cannotSet(String reference, String part, Object container) {
        return new IllegalArgumentException("Cannot set field '" + reference + "': part '" + part
                + "' would have to go into a " + container.getClass().getName()
                + " (only maps, and lists with an index in range, can hold fields)");
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof String) {
            return TimestampText.parse((String) value);
        }
        throw new IllegalArgumentException("@timestamp must be a java.time.Instant or an ISO-8601 String, not "
                + (value == null ? "null" : value.getClass().getName()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object remove(String path) {
        FieldReference ref = FieldReference.parse(path);
        if (ref.isMetadataRoot()) {
            Map<String, Object> old = metadata;
            metadata = new LinkedHashMap<>();
            return old;
        }
        List<String> parts = ref.path();
        Object parent = walk(ref.isMetadata() ? metadata : data, parts.subList(0, parts.size() - 1));
        String last = parts.get(parts.size() - 1);
        if (parent instanceof Map) {
            return ((Map<String, Object>) parent).remove(last);
        }
        if (parent instanceof List) {
            List<Object> list = (List<Object>) parent;
            int index = listIndex(last, list.size());
            return index < 0 ? null : list.remove(index);
        }
        return null;
    }

    private Object lookup(FieldReference ref) {
        return walk(ref.isMetadata() ? metadata : data, ref.path());
    }

    /** Follows {@code path} from {@code node}; {@link #MISSING} when some part does not exist. */
    private static Object walk(Object node, List<String> path) {
        for (String part : path) {
            if (node instanceof Map) {
                Map<?, ?> map = (Map<?, ?>) node;
                if (!map.containsKey(part)) {
                    return MISSING;
                }
                node = map.get(part);
            } else if (node instanceof List) {
                List<?> list = (List<?>) node;
                int index = listIndex(part, list.size());
                if (index < 0) {
                    return MISSING;
                }
                node = list.get(index);
            } else {
                return MISSING;
            }
        }
        return node;
    }

    /** The list position a reference part names, or -1 if it is not an index within the list. */
    private static int listIndex(String part, int size) {
        int index;
        try {
            index = Integer.parseInt(part);
        } catch (NumberFormatException notAnIndex) {
            return -1;
        }
        if (index < 0) {
            index += size;
        }
        return index >= 0 && index < size ? index : -1;
    }

    @Override
    public Map<String, Object> toMap() {
        return EventValues.copyMap(data);
    }

    /** Replaces this event's content with a copy of {@code e}'s, cancellation included. */
    @Override
    public Event overwrite(Event e) {
        data = EventValues.copyMap(checkedData(e));
        metadata = EventValues.copyMap(checkedMetadata(e));
        cancelled = e.isCancelled();
        return this;
    }

    /**
     * Merges {@code e}'s data into this event, keeping this event's {@code @timestamp}: new fields are added,
     * maps are merged recursively, and differing values become a list of the distinct values.
     */
    @Override
    public Event append(Event e) {
        Map<String, Object> other = new LinkedHashMap<>(checkedData(e));
        other.remove(FieldReference.TIMESTAMP);
        merge(data, other);
        return this;
    }

    private static Map<String, Object> checkedData(Event e) {
        return e instanceof TestEvent ? ((TestEvent) e).data : castMap(EventValues.convert("data", e.getData()));
    }

    private static Map<String, Object> checkedMetadata(Event e) {
        return e instanceof TestEvent ? ((TestEvent) e).metadata
                : castMap(EventValues.convert(FieldReference.METADATA, e.getMetadata()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object map) {
        return (Map<String, Object>) map;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> target, Map<String, Object> source) {
        for (Map.Entry<String, Object> entry : source.entrySet()) {
            String key = entry.getKey();
            Object incoming = entry.getValue();
            if (!target.containsKey(key)) {
                target.put(key, EventValues.copy(incoming));
                continue;
            }
            Object existing = target.get(key);
            if (existing instanceof Map && incoming instanceof Map) {
                merge((Map<String, Object>) existing, (Map<String, Object>) incoming);
            } else if (existing == null ? incoming != null : !existing.equals(incoming)) {
                List<Object> merged = existing instanceof List ? (List<Object>) existing : newList(existing);
                for (Object value : incoming instanceof List ? (List<?>) incoming : newList(incoming)) {
                    if (!merged.contains(value)) {
                        merged.add(EventValues.copy(value));
                    }
                }
                target.put(key, merged);
            }
        }
    }

    private static List<Object> newList(Object first) {
        List<Object> list = new ArrayList<>();
        list.add(first);
        return list;
    }

    @Override
    public String sprintf(String s) {
        return SprintfTemplate.format(s, this);
    }

    /** A deep copy. Like Logstash's clone, the copy is not cancelled even if this event is. */
    @Override
    public TestEvent clone() {
        return new TestEvent(EventValues.copyMap(data), EventValues.copyMap(metadata));
    }

    /** Appends {@code tag} to the {@code tags} list unless it is already there. */
    @Override
    @SuppressWarnings("unchecked")
    public void tag(String tag) {
        Object tags = data.get(TAGS);
        if (tags == null) {
            data.put(TAGS, newList(tag));
        } else if (tags instanceof List) {
            List<Object> list = (List<Object>) tags;
            if (!list.contains(tag)) {
                list.add(tag);
            }
        } else if (tags instanceof String) {
            if (!tags.equals(tag)) {
                List<Object> list = newList(tags);
                list.add(tag);
                data.put(TAGS, list);
            }
        } else {
            throw new IllegalArgumentException("Cannot tag the event: field 'tags' holds a "
                    + tags.getClass().getName() + ", not a list of strings");
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("TestEvent").append(JsonText.write(data));
        if (!metadata.isEmpty()) {
            out.append(" @metadata=").append(JsonText.write(metadata));
        }
        if (cancelled) {
            out.append(" (cancelled)");
        }
        return out.toString();
    }
}
