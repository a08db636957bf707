package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.Event;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestEventTest {

    @Test
    void bareNameAndBracketReferenceAddressTheSameTopLevelField() {
        TestEvent event = new TestEvent();
        event.setField("message", "hello");
        assertEquals("hello", event.getField("[message]"));
        event.setField("[message]", "again");
        assertEquals("again", event.getField("message"));
        assertEquals("again", event.toMap().get("message"));
    }

    @Test
    void dotsInABareNameAreNotNesting() {
        TestEvent event = new TestEvent();
        event.setField("source.ip", "10.0.0.1");
        assertEquals("10.0.0.1", event.getData().get("source.ip"));
        assertNull(event.getField("[source][ip]"));
    }

    @Test
    void setFieldCreatesIntermediateMaps() {
        TestEvent event = new TestEvent();
        event.setField("[source][geo][city_name]", "Bologna");
        assertEquals(Map.of("geo", Map.of("city_name", "Bologna")), event.getField("[source]"));
        assertEquals("Bologna", event.getField("source[geo][city_name]"));
        assertTrue(event.includes("[source][geo]"));
        assertFalse(event.includes("[source][as]"));
    }

    @Test
    void includesIsTrueForAFieldHoldingNull() {
        TestEvent event = new TestEvent();
        event.setField("[a][b]", null);
        assertTrue(event.includes("[a][b]"));
        assertNull(event.getField("[a][b]"));
    }

    @Test
    void removeReturnsTheValueAndTheFieldIsGone() {
        TestEvent event = new TestEvent();
        event.setField("[a][b]", 1L);
        event.setField("[a][c]", 2L);
        assertEquals(1L, event.remove("[a][b]"));
        assertFalse(event.includes("[a][b]"));
        assertEquals(Map.of("c", 2L), event.getField("a"));
        assertNull(event.remove("[missing][x]"));
    }

    @Test
    void listElementsAreReachableByIndexIncludingFromTheEnd() {
        TestEvent event = new TestEvent();
        event.setField("list", List.of("x", "y", "z"));
        assertEquals("x", event.getField("[list][0]"));
        assertEquals("z", event.getField("[list][-1]"));
        assertNull(event.getField("[list][3]"));
        event.setField("[list][1]", "Y");
        assertEquals(List.of("x", "Y", "z"), event.getField("list"));
        assertEquals("x", event.remove("[list][0]"));
        assertEquals(List.of("Y", "z"), event.getField("list"));
    }

    @Test
    void settingBelowAScalarIsRejected() {
        TestEvent event = new TestEvent();
        event.setField("a", 5L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> event.setField("[a][b]", 1));
        assertTrue(e.getMessage().contains("[a][b]"), e.getMessage());
    }

    @Test
    void malformedReferencesAreRejected() {
        TestEvent event = new TestEvent();
        for (String bad : List.of("[a]b", "[a", "[]", "[a][[b]]", "a]", "")) {
            assertThrows(IllegalArgumentException.class, () -> event.getField(bad), bad);
        }
    }

    @Test
    void metadataIsKeptApartFromTheData() {
        TestEvent event = new TestEvent();
        event.setField("[@metadata][index]", "flows");
        event.setField("visible", true);
        assertEquals("flows", event.getField("[@metadata][index]"));
        assertEquals(Map.of("index", "flows"), event.getMetadata());
        assertFalse(event.getData().containsKey("@metadata"));
        assertFalse(event.toMap().containsKey("@metadata"));
        assertNull(event.getField("[index]"));
        assertTrue(event.includes("[@metadata][index]"));
        assertEquals("flows", event.remove("[@metadata][index]"));
        assertTrue(event.getMetadata().isEmpty());
    }

    @Test
    void metadataInTheSourceMapBecomesMetadata() {
        TestEvent event = TestEvent.fromMap(Map.of("@metadata", Map.of("k", "v"), "a", 1));
        assertEquals("v", event.getField("[@metadata][k]"));
        assertFalse(event.toMap().containsKey("@metadata"));
    }

    @Test
    void getFieldHandsOutCopies() {
        TestEvent event = new TestEvent();
        event.setField("[a][b]", 1L);
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) event.getField("a");
        a.put("b", 99L);
        assertEquals(1L, event.getField("[a][b]"));
    }

    @Test
    void timestampFromAnIsoStringIsParsed() {
        TestEvent event = TestEvent.fromMap(Map.of("@timestamp", "2024-05-01T12:00:00.250+02:00"));
        assertEquals(Instant.parse("2024-05-01T10:00:00.250Z"), event.getEventTimestamp());
        assertEquals(event.getEventTimestamp(), event.getField("@timestamp"));
    }

    @Test
    void timestampGivenAsInstantIsKept() {
        Instant when = Instant.parse("2023-01-02T03:04:05.123456789Z");
        assertEquals(when, TestEvent.fromMap(Map.of("@timestamp", when)).getEventTimestamp());
    }

    @Test
    void missingTimestampIsNow() {
        Instant before = Instant.now();
        TestEvent event = TestEvent.fromMap(Map.of("a", 1));
        Instant after = Instant.now();
        Instant stamped = event.getEventTimestamp();
        assertFalse(stamped.isBefore(before));
        assertFalse(stamped.isAfter(after));
    }

    @Test
    void unparseableTimestampIsMovedAsideAndTagged() {
        TestEvent event = TestEvent.fromMap(Map.of("@timestamp", "yesterday"));
        assertNotNull(event.getEventTimestamp());
        assertEquals("yesterday", event.getField("_@timestamp"));
        assertEquals(List.of("_timestampparsefailure"), event.getField("tags"));
    }

    @Test
    void timestampCanBeSetAsInstantOrString() {
        TestEvent event = new TestEvent();
        event.setEventTimestamp(Instant.EPOCH);
        assertEquals(Instant.EPOCH, event.getField("@timestamp"));
        event.setField("@timestamp", "2020-02-02T02:02:02Z");
        assertEquals(Instant.parse("2020-02-02T02:02:02Z"), event.getEventTimestamp());
        assertThrows(IllegalArgumentException.class, () -> event.setField("@timestamp", 5L));
    }

    @Test
    void tagAppendsWithoutDuplicates() {
        TestEvent event = new TestEvent();
        event.tag("a");
        event.tag("b");
        event.tag("a");
        assertEquals(List.of("a", "b"), event.getField("tags"));
    }

    @Test
    void tagTurnsAStringTagsFieldIntoAList() {
        TestEvent event = new TestEvent();
        event.setField("tags", "first");
        event.tag("second");
        assertEquals(List.of("first", "second"), event.getField("tags"));
    }

    @Test
    void cancelAndUncancel() {
        TestEvent event = new TestEvent();
        assertFalse(event.isCancelled());
        event.cancel();
        assertTrue(event.isCancelled());
        event.uncancel();
        assertFalse(event.isCancelled());
    }

    @Test
    void cloneIsADeepIndependentCopy() {
        TestEvent original = new TestEvent();
        original.setField("[a][list]", List.of(1, 2));
        original.setField("[@metadata][m]", "x");
        original.cancel();
        TestEvent copy = original.clone();
        copy.setField("[a][list][0]", 100);
        copy.setField("[a][new]", "n");
        copy.setField("[@metadata][m]", "y");

        assertEquals(List.of(1L, 2L), original.getField("[a][list]"));
        assertFalse(original.includes("[a][new]"));
        assertEquals("x", original.getField("[@metadata][m]"));
        assertEquals(List.of(100L, 2L), copy.getField("[a][list]"));
        assertEquals(original.getEventTimestamp(), copy.getEventTimestamp());
        assertFalse(copy.isCancelled(), "Logstash's clone does not carry the cancelled flag");
    }

    @Test
    void fromMapCopiesSoTheSourceCanBeReused() {
        List<Object> list = new ArrayList<>(List.of("x"));
        Map<String, Object> nested = new HashMap<>(Map.of("list", list));
        Map<String, Object> source = new HashMap<>(Map.of("nested", nested, "n", 1));
        TestEvent event = TestEvent.fromMap(source);
        list.add("changed");
        nested.put("other", 2);
        source.clear();
        assertEquals(List.of("x"), event.getField("[nested][list]"));
        assertFalse(event.includes("[nested][other]"));
        assertEquals(1L, event.getField("n"));
    }

    @Test
    void unconvertibleValueIsRejectedNamingFieldAndType() throws Exception {
        TestEvent event = new TestEvent();
        InetAddress address = InetAddress.getByName("127.0.0.1");
        IllegalArgumentException direct = assertThrows(IllegalArgumentException.class,
                () -> event.setField("[source][address]", address));
        assertTrue(direct.getMessage().contains("[source][address]"), direct.getMessage());
        assertTrue(direct.getMessage().contains("java.net.Inet4Address"), direct.getMessage());
        assertFalse(event.includes("[source]"), "a rejected value must not leave a half-written field");

        IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
                () -> TestEvent.fromMap(Map.of("hosts", List.of("a", new StringBuilder("b")))));
        assertTrue(nested.getMessage().contains("hosts[1]"), nested.getMessage());
        assertTrue(nested.getMessage().contains("java.lang.StringBuilder"), nested.getMessage());

        IllegalArgumentException deep = assertThrows(IllegalArgumentException.class,
                () -> TestEvent.fromMap(Map.of("a", Map.of("b", List.of(Map.of("c", Thread.State.NEW))))));
        assertTrue(deep.getMessage().startsWith("Field 'a[b][0][c]' cannot hold a value of Java type"
                + " java.lang.Thread$State"), deep.getMessage());
        Map<Object, Object> byNumber = new HashMap<>();
        byNumber.put(7, "seven");
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> TestEvent.fromMap(Map.of("a", List.of("x", byNumber))));
        assertTrue(key.getMessage().startsWith("Field 'a[1]' holds a map with a key of Java type java.lang.Integer"),
                key.getMessage());
    }

    @Test
    void mapsWithNonStringKeysAreRejected() {
        Map<Object, Object> byNumber = new HashMap<>();
        byNumber.put(1, "one");
        TestEvent event = new TestEvent();
        assertThrows(IllegalArgumentException.class, () -> event.setField("m", byNumber));
    }

    @Test
    void numbersAreNormalisedAsALogstashRoundTripDoes() {
        TestEvent event = new TestEvent();
        event.setField("int", 7);
        event.setField("short", (short) 3);
        event.setField("float", 1.5f);
        event.setField("big", new BigDecimal("1.25"));
        event.setField("huge", BigInteger.TEN.pow(30));
        assertEquals(7L, event.getField("int"));
        assertEquals(3L, event.getField("short"));
        assertEquals(1.5d, event.getField("float"));
        assertEquals(new BigDecimal("1.25"), event.getField("big"));
        assertEquals(BigInteger.TEN.pow(30), event.getField("huge"));
    }

    @Test
    void getUnconvertedFieldEqualsGetField() {
        TestEvent event = new TestEvent();
        event.setField("[a][b]", "c");
        assertEquals(event.getField("a"), event.getUnconvertedField("a"));
    }

    @Test
    void appendMergesFieldsAndKeepsOwnTimestamp() {
        TestEvent target = TestEvent.fromMap(Map.of("@timestamp", "2020-01-01T00:00:00Z", "a", "x",
                "nested", Map.of("k", 1)));
        TestEvent other = TestEvent.fromMap(Map.of("@timestamp", "2021-01-01T00:00:00Z", "a", "y", "b", "new",
                "nested", Map.of("j", 2)));
        target.append(other);
        assertEquals(List.of("x", "y"), target.getField("a"));
        assertEquals("new", target.getField("b"));
        assertEquals(Map.of("k", 1L, "j", 2L), target.getField("nested"));
        assertEquals(Instant.parse("2020-01-01T00:00:00Z"), target.getEventTimestamp());
    }

    @Test
    void overwriteReplacesEverything() {
        TestEvent target = TestEvent.fromMap(Map.of("a", 1));
        TestEvent other = TestEvent.fromMap(Map.of("b", 2, "@metadata", Map.of("m", 3)));
        other.cancel();
        Event result = target.overwrite(other);
        assertEquals(target, result);
        assertFalse(target.includes("a"));
        assertEquals(2L, target.getField("b"));
        assertEquals(3L, target.getField("[@metadata][m]"));
        assertTrue(target.isCancelled());
        other.setField("b", 20);
        assertEquals(2L, target.getField("b"), "overwrite copies");
    }

    @Test
    void eventFactoryBuildsTestEventsFromACopy() {
        Map<String, Object> data = new LinkedHashMap<>(Map.of("x", 1));
        Event event = new TestEventFactory().newEvent(data);
        data.put("x", 2);
        assertTrue(event instanceof TestEvent);
        assertEquals(1L, event.getField("x"));
        assertNotNull(new TestEventFactory().newEvent().getEventTimestamp());
    }
}
