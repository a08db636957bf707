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

    /**
     * Decimal text of small non-negative numbers, shared: interface indexes and VLAN ids are written as keyword
     * text twice per flow and nearly always fall in this range.
     */
    private static final String[] SMALL_DECIMALS = new String[4096];

    static {
        for (int i = 0; i < SMALL_DECIMALS.length; i++) {
            SMALL_DECIMALS[i] = Integer.toString(i);
        }
    }

    /** {@code Long.toString(value)}, without allocating for 0..4095. */
    static String decimal(long value) {
        return value >= 0 && value < SMALL_DECIMALS.length ? SMALL_DECIMALS[(int) value] : Long.toString(value);
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
