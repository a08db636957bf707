package org.elkflow.flowcodec.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small builders the event mappers share: event maps are built per record, so they are sized up front. */
final class EventMaps {

    private EventMaps() {
    }

    /** A map with room for {@code entries} entries (it grows beyond that). See {@link EventMap}. */
    static Map<String, Object> map(int entries) {
        return new EventMap(entries);
    }

    /** A mutable one-element list (ECS keyword arrays such as event.category). */
    static List<Object> list(String single) {
        List<Object> list = new ArrayList<>(1);
        list.add(single);
        return list;
    }

    /** {@code {"interface": {"id": id}}}, the value of observer.ingress / observer.egress. */
    static Map<String, Object> interfaceId(String id) {
        Map<String, Object> iface = map(1);
        iface.put("id", id);
        Map<String, Object> holder = map(1);
        holder.put("interface", iface);
        return holder;
    }
}
