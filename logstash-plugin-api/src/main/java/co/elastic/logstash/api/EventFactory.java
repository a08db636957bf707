package co.elastic.logstash.api;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;

/** Creates events of the running Logstash's own implementation. */
@FunctionalInterface
public interface EventFactory {

    Event newEvent(Map<? extends Serializable, Object> data);

    default Event newEvent() {
        return newEvent(Collections.emptyMap());
    }
}
