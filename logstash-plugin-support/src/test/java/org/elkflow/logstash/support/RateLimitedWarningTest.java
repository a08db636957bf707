package org.elkflow.logstash.support;

import org.apache.logging.log4j.Level;
import org.elkflow.logstash.testkit.RecordingLogger;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RateLimitedWarningTest {

    @Test
    void logsTheFirstWarningOfEachKindAndSuppressesTheRestWithinTheInterval() {
        RecordingLogger logger = new RecordingLogger("test");
        RateLimitedWarning warning = new RateLimitedWarning(logger, 60_000);
        warning.warn("malformed", "bad datagram 1");
        warning.warn("malformed", "bad datagram 2");
        warning.warn("malformed", "bad datagram 3");
        warning.warn("queue_full", "queue full");
        assertEquals(List.of("bad datagram 1", "queue full"), logger.messages(Level.WARN));
    }

    @Test
    void reportsHowManyWereSuppressedWhenTheIntervalHasPassed() throws InterruptedException {
        RecordingLogger logger = new RecordingLogger("test");
        RateLimitedWarning warning = new RateLimitedWarning(logger, 1);
        warning.warn("kind", "first");
        warning.warn("kind", "second");
        Thread.sleep(5);
        warning.warn("kind", "third");
        List<String> messages = logger.messages(Level.WARN);
        assertEquals("first", messages.get(0));
        String last = messages.get(messages.size() - 1);
        assertEquals("third", last.substring(0, 5), last);
    }

    @Test
    void messagesWithBracesAreLoggedLiterally() {
        RecordingLogger logger = new RecordingLogger("test");
        new RateLimitedWarning(logger, 60_000).warn("kind", "value {} in {}");
        assertEquals(List.of("value {} in {}"), logger.messages(Level.WARN));
    }

    @Test
    void aSuppliedMessageIsBuiltOnlyWhenLogged() {
        RecordingLogger logger = new RecordingLogger("test");
        RateLimitedWarning warning = new RateLimitedWarning(logger, 60_000);
        java.util.concurrent.atomic.AtomicInteger built = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 5; i++) {
            warning.warn("flood", () -> "dropped " + built.incrementAndGet());
        }
        assertEquals(1, built.get());
        assertEquals(List.of("dropped 1"), logger.messages(Level.WARN));
    }
}
