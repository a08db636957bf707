package org.elkflow.flowcodec.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Iso8601Test {

    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @ParameterizedTest
    @CsvSource({
            "0, 1970-01-01T00:00:00.000Z",
            "-1, 1969-12-31T23:59:59.999Z",
            "1430591888280, 2015-05-02T18:38:08.280Z",
            "951782400000, 2000-02-29T00:00:00.000Z",
            "4107542399999, 2100-02-28T23:59:59.999Z",
            "4107542400000, 2100-03-01T00:00:00.000Z",
            "1795241231123, 2026-11-21T06:07:11.123Z",
            "-62167219200000, 0000-01-01T00:00:00.000Z",
            "253402300799999, 9999-12-31T23:59:59.999Z",
    })
    void knownInstants(long millis, String expected) {
        assertEquals(expected, Iso8601.utcMillis(millis));
    }

    @Test
    void alwaysThreeFractionDigits() {
        assertEquals("2017-07-25T12:41:01.000Z", Iso8601.utcMillis(1_500_986_461_000L));
    }

    @Test
    void agreesWithJavaTimeOverTheV5Range() {
        Random random = new Random(20261121L);
        // v5 timestamps: unsigned 32-bit seconds, minus up to 2^32 ms of uptime distance.
        long low = -(1L << 32);
        long high = (1L << 32) * 1000L + 999L;
        for (int i = 0; i < 200_000; i++) {
            long millis = low + (long) (random.nextDouble() * (high - low));
            assertEquals(REFERENCE.format(Instant.ofEpochMilli(millis)), Iso8601.utcMillis(millis),
                    "epoch millis " + millis);
        }
    }

    /**
     * Flow times cluster within minutes (the per-second text cache hits), and seconds that share a cache slot
     * (512 s apart, before and after the epoch, across a day and a leap day) must not get each other's text.
     */
    @Test
    void clusteredTimesAndCacheSlotCollisionsAgreeWithJavaTime() {
        Random random = new Random(5);
        long[] bases = {1_700_000_000_000L, 951_782_400_000L - 3_000, 0L, -1_000L, 4_107_542_400_000L - 700_000};
        for (int i = 0; i < 300_000; i++) {
            long base = bases[random.nextInt(bases.length)];
            long millis = base + random.nextInt(120_000) - 60_000 + 512_000L * (random.nextInt(5) - 2);
            assertEquals(REFERENCE.format(Instant.ofEpochMilli(millis)), Iso8601.utcMillis(millis),
                    "epoch millis " + millis);
        }
    }

    @Test
    void concurrentCallersAgreeWithJavaTime() throws Exception {
        Thread[] threads = new Thread[4];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads.length; t++) {
            long seed = t;
            threads[t] = new Thread(() -> {
                Random random = new Random(seed);
                try {
                    for (int i = 0; i < 100_000; i++) {
                        // all threads fight over the same slots with different seconds
                        long millis = 1_700_000_000_000L + 512_000L * random.nextInt(8) + random.nextInt(3_000);
                        assertEquals(REFERENCE.format(Instant.ofEpochMilli(millis)), Iso8601.utcMillis(millis));
                    }
                } catch (Throwable e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        synchronized (failure) {
            if (failure[0] != null) {
                throw new AssertionError(failure[0]);
            }
        }
    }

    @Test
    void outsideFourDigitYearsFallsBackToJavaTime() {
        long year10000 = 253_402_300_800_000L;
        assertEquals(REFERENCE.format(Instant.ofEpochMilli(year10000)), Iso8601.utcMillis(year10000));
    }
}
