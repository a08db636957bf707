package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.EventFactory;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** Creates {@link TestEvent}s, as Logstash's factory creates its own events: from a copy of the given data. */
public final class TestEventFactory implements EventFactory {

    /**
     * @throws IllegalArgumentException if a key is not a String or a value has no Logstash converter
     */
    @Override
    public Event newEvent(Map<? extends Serializable, Object> data) {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (Map.Entry<? extends Serializable, Object> entry : data.entrySet()) {
            Object key = entry.getKey();
            if (!(key instanceof String)) {
                throw new IllegalArgumentException("Event field names must be Strings, not "
                        + (key == null ? "null" : key.getClass().getName()));
            }
            byName.put((String) key, entry.getValue());
        }
        return TestEvent.fromMap(byName);
    }
}
