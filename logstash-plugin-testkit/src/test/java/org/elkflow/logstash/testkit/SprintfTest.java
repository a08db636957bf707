package org.elkflow.logstash.testkit;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SprintfTest {

    private static TestEvent event(String timestamp) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("ip", "10.0.0.1");
        source.put("port", 443);
        return TestEvent.fromMap(Map.of("@timestamp", timestamp, "host", "router1", "source", source,
                "tags", List.of("a", "b")));
    }

    @Test
    void replacesFieldReferences() {
        TestEvent e = event("2024-05-01T10:00:00Z");
        assertEquals("router1 10.0.0.1:443", e.sprintf("%{host} %{[source][ip]}:%{[source][port]}"));
    }

    @Test
    void leavesMissingFieldReferencesAsWritten() {
        assertEquals("x-%{[nope][x]}-y", event("2024-05-01T10:00:00Z").sprintf("x-%{[nope][x]}-y"));
    }

    @Test
    void textWithoutReferencesIsUnchanged() {
        assertEquals("plain %{ text", event("2024-05-01T10:00:00Z").sprintf("plain %{ text"));
    }

    @Test
    void formatsTheTimestampWithJodaLetters() {
        TestEvent e = event("2024-05-01T08:09:07.123Z");
        assertEquals("flows-2024.05.01", e.sprintf("flows-%{+YYYY.MM.dd}"));
        assertEquals("08:09:07.123", e.sprintf("%{+HH:mm:ss.SSS}"));
        assertEquals("24-May", e.sprintf("%{+yy-MMM}"));
        assertEquals("at 2024", e.sprintf("%{+'at' yyyy}"));
    }

    @Test
    void jodaYearOfEraIsNotTheWeekBasedYear() {
        // 2024-12-30 is in week 1 of week-based year 2025; Joda's YYYY must still say 2024.
        assertEquals("2024.12.30", event("2024-12-30T12:00:00Z").sprintf("%{+YYYY.MM.dd}"));
    }

    @Test
    void dateIsInUtc() {
        assertEquals("2024.04.30 23", event("2024-05-01T01:00:00+02:00").sprintf("%{+YYYY.MM.dd HH}"));
    }

    @Test
    void epochSeconds() {
        assertEquals("1714557600", event("2024-05-01T10:00:00Z").sprintf("%{+%s}"));
    }

    @Test
    void rendersTimestampListsAndMaps() {
        TestEvent e = event("2024-05-01T10:00:00Z");
        assertEquals("2024-05-01T10:00:00.000Z", e.sprintf("%{@timestamp}"));
        assertEquals("a,b", e.sprintf("%{tags}"));
        assertEquals("{\"ip\":\"10.0.0.1\",\"port\":443}", e.sprintf("%{source}"));
    }

    @Test
    void unsupportedPatternLettersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> event("2024-05-01T10:00:00Z").sprintf("%{+EEE}"));
    }
}
