package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.Event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Logstash's string interpolation: {@code %{[field][ref]}} is replaced by the field's value, {@code %{+pattern}}
 * by the event's {@code @timestamp} formatted in UTC with a Joda pattern, {@code %{+%s}} by its epoch seconds.
 * A reference to a missing field is left in the output as written, as Logstash does (that is how
 * {@code index => "flows-%{[missing]}"} misconfigurations show up).
 */
final class SprintfTemplate {

    private SprintfTemplate() {
    }

    static String format(String template, Event event) {
        if (template == null) {
            return null;
        }
        int open = template.indexOf("%{");
        if (open < 0) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        int pos = 0;
        while (open >= 0) {
            int close = template.indexOf('}', open + 2);
            if (close < 0) {
                break;
            }
            out.append(template, pos, open);
            String key = template.substring(open + 2, close);
            String replacement = resolve(key, event);
            out.append(replacement != null ? replacement : template.substring(open, close + 1));
            pos = close + 1;
            open = template.indexOf("%{", pos);
        }
        out.append(template, pos, template.length());
        return out.toString();
    }

    private static String resolve(String key, Event event) {
        if (key.startsWith("+")) {
            Instant timestamp = event.getEventTimestamp();
            if (timestamp == null) {
                return null;
            }
            String pattern = key.substring(1);
            if (pattern.equals("%s")) {
                return Long.toString(timestamp.getEpochSecond());
            }
            return JodaDatePattern.format(pattern, timestamp);
        }
        if (key.isEmpty()) {
            return null;
        }
        return render(event.getField(key));
    }

    private static String render(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String) {
            return (String) value;
        }
        if (value instanceof Instant) {
            return TimestampText.format((Instant) value);
        }
        if (value instanceof Map) {
            return JsonText.write(value);
        }
        if (value instanceof List) {
            StringJoiner joined = new StringJoiner(",");
            for (Object element : (List<?>) value) {
                String text = render(element);
                joined.add(text == null ? "" : text);
            }
            return joined.toString();
        }
        return value.toString();
    }
}
