package org.elkflow.flowcodec.testing;

import java.util.List;
import java.util.Map;

/** Checks that an event only holds value types Logstash's converter takes as they are. */
public final class EventValueTypes {

    private EventValueTypes() {
    }

    /** Throws naming the first offending field; returns the number of leaf values seen. */
    public static int assertAllowed(Map<?, ?> event) {
        return walkMap("", event);
    }

    private static int walkMap(String path, Map<?, ?> map) {
        int leaves = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String)) {
                throw new AssertionError("non-String key " + entry.getKey() + " under '" + path + "'");
            }
            leaves += walkValue(path.isEmpty() ? (String) entry.getKey() : path + "." + entry.getKey(),
                    entry.getValue());
        }
        return leaves;
    }

    private static int walkValue(String path, Object value) {
        if (value == null) {
            throw new AssertionError("null value at " + path);
        }
        if (value instanceof Map) {
            return walkMap(path, (Map<?, ?>) value);
        }
        if (value instanceof List) {
            int leaves = 0;
            List<?> list = (List<?>) value;
            for (int i = 0; i < list.size(); i++) {
                leaves += walkValue(path + "[" + i + "]", list.get(i));
            }
            return leaves;
        }
        Class<?> type = value.getClass();
        if (type == String.class || type == Long.class || type == Double.class || type == Boolean.class) {
            return 1;
        }
        throw new AssertionError("value of type " + type.getName() + " at " + path + ": " + value);
    }
}
