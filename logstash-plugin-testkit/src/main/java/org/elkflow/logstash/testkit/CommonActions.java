package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.Event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The common settings Logstash applies itself, outside the plugin: for filters {@code add_field}, {@code add_tag},
 * {@code remove_field}, {@code remove_tag} on every event the filter reports as matched; for inputs {@code type},
 * {@code tags}, {@code add_field} on every event the input produces. Field names, values and tags go through
 * sprintf first, as in Logstash. Keys other than these are ignored, so a test can pass the same settings map it
 * created the plugin with.
 */
final class CommonActions {

    private CommonActions() {
    }

    /** What the filter's match listener does to a matched event. */
    static Consumer<Event> forFilter(Map<String, Object> settings) {
        Map<String, Object> addField = hash(settings, "add_field");
        List<String> removeField = strings(settings, "remove_field");
        List<String> addTag = strings(settings, "add_tag");
        List<String> removeTag = strings(settings, "remove_tag");
        return event -> {
            addFields(event, addField);
            for (String field : removeField) {
                event.remove(sprintf(event, field));
            }
            for (String tag : addTag) {
                event.tag(sprintf(event, tag));
            }
            if (!removeTag.isEmpty()) {
                removeTags(event, removeTag);
            }
        };
    }

    /** What Logstash does to each event of an input before queueing it. */
    static Consumer<Event> forInput(Map<String, Object> settings) {
        Object type = settings.get("type");
        if (type != null && !(type instanceof String)) {
            throw new IllegalArgumentException("Setting 'type' must be a String, not " + type.getClass().getName());
        }
        List<String> tags = strings(settings, "tags");
        Map<String, Object> addField = hash(settings, "add_field");
        return event -> {
            if (type != null && !event.includes("type")) {
                event.setField("type", type);
            }
            for (String tag : tags) {
                event.tag(tag);
            }
            addFields(event, addField);
        };
    }

    /** A field that already exists becomes a list with the new value appended, as Logstash does it. */
    private static void addFields(Event event, Map<String, Object> addField) {
        for (Map.Entry<String, Object> entry : addField.entrySet()) {
            String field = sprintf(event, entry.getKey());
            List<?> values = entry.getValue() instanceof List ? (List<?>) entry.getValue()
                    : Collections.singletonList(entry.getValue());
            for (Object value : values) {
                Object resolved = value instanceof String ? sprintf(event, (String) value) : value;
                if (event.includes(field)) {
                    Object existing = event.getField(field);
                    List<Object> combined = new ArrayList<>();
                    if (existing instanceof List) {
                        combined.addAll((List<?>) existing);
                    } else {
                        combined.add(existing);
                    }
                    combined.add(resolved);
                    event.setField(field, combined);
                } else {
                    event.setField(field, resolved);
                }
            }
        }
    }

    /** Event.sprintf declares IOException for Logstash's JSON rendering; no I/O happens here. */
    private static String sprintf(Event event, String template) {
        try {
            return event.sprintf(template);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void removeTags(Event event, List<String> removeTag) {
        Object tags = event.getField(TestEvent.TAGS);
        if (!(tags instanceof List)) {
            return;
        }
        List<Object> kept = new ArrayList<>((List<?>) tags);
        for (String tag : removeTag) {
            String resolved = sprintf(event, tag);
            kept.removeIf(resolved::equals);
        }
        event.setField(TestEvent.TAGS, kept);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> hash(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("Setting '" + key + "' must be a Map, not "
                    + value.getClass().getName());
        }
        return (Map<String, Object>) value;
    }

    /** An array setting; a single String counts as a one-element list, as in Logstash configs. */
    private static List<String> strings(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String) {
            return List.of((String) value);
        }
        if (!(value instanceof List)) {
            throw new IllegalArgumentException("Setting '" + key + "' must be a List of Strings, not "
                    + value.getClass().getName());
        }
        List<String> strings = new ArrayList<>();
        for (Object element : (List<?>) value) {
            strings.add(String.valueOf(element));
        }
        return strings;
    }
}
