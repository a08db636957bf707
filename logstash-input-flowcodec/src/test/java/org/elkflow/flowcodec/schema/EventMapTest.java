package org.elkflow.flowcodec.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link EventMap} behaves as an insertion-ordered {@link Map} in every operation events may see. */
class EventMapTest {

    @Test
    void putGetReplaceRemoveKeepInsertionOrder() {
        Map<String, Object> m = new EventMap(2);
        assertTrue(m.isEmpty());
        assertNull(m.put("b", 1L));
        assertNull(m.put("a", "x"));
        assertNull(m.put("c", null));
        assertEquals(1L, m.put("b", 2L), "put returns the replaced value");
        assertEquals(List.of("b", "a", "c"), new ArrayList<>(m.keySet()), "a replaced key keeps its place");
        assertEquals(2L, m.get("b"));
        assertTrue(m.containsKey("c"));
        assertNull(m.get("c"));
        assertFalse(m.containsKey("d"));
        assertNull(m.get(7));
        assertFalse(m.containsKey(null));
        assertEquals("x", m.remove("a"));
        assertNull(m.remove("a"));
        assertEquals(List.of("b", "c"), new ArrayList<>(m.keySet()));
        assertEquals(2, m.size());
        m.clear();
        assertTrue(m.isEmpty());
        assertNull(m.get("b"));
        m.put("b", 3L);
        assertEquals(Map.of("b", 3L), m);
    }

    @Test
    void equalsHashCodeAndToStringAreThoseOfAnyMap() {
        Map<String, Object> m = new EventMap(4);
        Map<String, Object> reference = new HashMap<>();
        for (String k : List.of("ip", "port", "mac")) {
            m.put(k, k.length());
            reference.put(k, k.length());
        }
        assertEquals(reference, m);
        assertEquals(m, reference);
        assertEquals(reference.hashCode(), m.hashCode());
        assertEquals("{ip=2, port=4, mac=3}", m.toString());
        m.put("mac", 4);
        assertFalse(m.equals(reference));
    }

    @Test
    void nullKeysAreRejected() {
        Map<String, Object> m = new EventMap(1);
        assertThrows(NullPointerException.class, () -> m.put(null, 1L));
    }

    @Test
    void iteratorAndEntriesWriteThrough() {
        Map<String, Object> m = new EventMap(1);
        for (int i = 0; i < 5; i++) {
            m.put("k" + i, (long) i);
        }
        Iterator<Map.Entry<String, Object>> it = m.entrySet().iterator();
        assertThrows(IllegalStateException.class, it::remove);
        while (it.hasNext()) {
            Map.Entry<String, Object> e = it.next();
            if (e.getKey().equals("k1") || e.getKey().equals("k4")) {
                it.remove();
            } else {
                assertEquals(e.getValue(), e.setValue((Long) e.getValue() * 10));
            }
        }
        assertThrows(NoSuchElementException.class, it::next);
        assertEquals(List.of("k0", "k2", "k3"), new ArrayList<>(m.keySet()));
        assertEquals(List.of(0L, 20L, 30L), new ArrayList<>(m.values()));
        m.values().remove(20L);
        assertEquals(Map.of("k0", 0L, "k3", 30L), m);
        m.keySet().clear();
        assertTrue(m.isEmpty());
    }

    @Test
    void defaultMethodsWork() {
        Map<String, Object> m = new EventMap(1);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) m.computeIfAbsent("list", k -> new ArrayList<>());
        list.add("a");
        assertEquals(List.of("a"), m.get("list"));
        assertEquals(List.of("a"), m.computeIfAbsent("list", k -> List.of("never")));
        m.merge("n", 1L, (a, b) -> (Long) a + (Long) b);
        m.merge("n", 1L, (a, b) -> (Long) a + (Long) b);
        assertEquals(2L, m.get("n"));
        assertEquals("d", m.getOrDefault("missing", "d"));
        StringBuilder seen = new StringBuilder();
        m.forEach((k, v) -> seen.append(k).append(';'));
        assertEquals("list;n;", seen.toString());
    }

    /** Keys whose String hash codes collide ("Aa"/"BB") and share mask bits still stay apart. */
    @Test
    void collidingHashesStayDistinct() {
        Map<String, Object> m = new EventMap(2);
        m.put("Aa", 1L);
        m.put("BB", 2L);
        m.put("AaAa", 3L);
        m.put("BBBB", 4L);
        m.put("AaBB", 5L);
        assertEquals("Aa".hashCode(), "BB".hashCode());
        assertEquals(5, m.size());
        assertEquals(2L, m.get("BB"));
        assertEquals(5L, m.get("AaBB"));
        assertEquals(1L, m.remove("Aa"));
        assertEquals(2L, m.get("BB"));
        assertFalse(m.containsKey("Aa"));
    }

    /**
     * Random operations on small and wide maps (past the size where the index takes over, and back below it),
     * with keys that are equal but not identical strings: always the same content and order as a
     * LinkedHashMap.
     */
    @Test
    void randomOperationsMatchLinkedHashMap() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 300; round++) {
            int keySpace = 1 + random.nextInt(round % 3 == 0 ? 80 : 12);
            Map<String, Object> m = new EventMap(random.nextInt(4));
            Map<String, Object> reference = new LinkedHashMap<>();
            for (int op = 0; op < 400; op++) {
                String key = new String("f" + random.nextInt(keySpace)); // not the same instance each time
                switch (random.nextInt(6)) {
                    case 0, 1, 2 -> assertEquals(reference.put(key, op), m.put(key, op));
                    case 3 -> assertEquals(reference.remove(key), m.remove(key));
                    case 4 -> assertEquals(reference.get(key), m.get(key));
                    default -> assertEquals(reference.containsKey(key), m.containsKey(key));
                }
                assertEquals(reference.size(), m.size());
            }
            assertEquals(new ArrayList<>(reference.entrySet()), new ArrayList<>(m.entrySet()));
            assertEquals(reference, m);
        }
    }

    @Test
    void sharedDecimalTextEqualsLongToString() {
        for (long v : new long[] {Long.MIN_VALUE, -4096, -1, 0, 1, 9, 10, 4095, 4096, 65535, 1L << 32, Long.MAX_VALUE}) {
            assertEquals(Long.toString(v), EventMaps.decimal(v));
        }
        for (long v = 0; v < 5000; v++) {
            assertEquals(Long.toString(v), EventMaps.decimal(v));
        }
    }
}
