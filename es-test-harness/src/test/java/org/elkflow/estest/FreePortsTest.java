package org.elkflow.estest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreePortsTest {

    @Test
    void handsOutDistinctBindablePortsInRange() throws IOException {
        FreePorts ports = new FreePorts(FreePorts.DEFAULT_LOW, FreePorts.DEFAULT_HIGH, new Random(7));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            int port = ports.allocate();
            assertTrue(port >= FreePorts.DEFAULT_LOW && port < FreePorts.DEFAULT_HIGH, "in range: " + port);
            assertTrue(seen.add(port), "handed out twice: " + port);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            }
        }
    }

    @Test
    void skipsPortsInUse() throws IOException {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int taken = busy.getLocalPort();
            assertFalse(FreePorts.isFree(taken));
            // A range of exactly one busy port has nothing to offer.
            FreePorts single = new FreePorts(taken, taken + 1, new Random(1));
            assertThrows(IllegalStateException.class, single::allocate);
        }
    }

    @Test
    void neverHandsOutTheSamePortTwiceAcrossAllocators() {
        int low = 31000;
        FreePorts a = new FreePorts(low, low + 3, new Random(1));
        FreePorts b = new FreePorts(low, low + 3, new Random(2));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            FreePorts allocator = i % 2 == 0 ? a : b;
            try {
                seen.add(allocator.allocate());
            } catch (IllegalStateException e) {
                // a port of this tiny range may be in use on the machine; distinctness is what matters
            }
        }
        assertEquals(seen.size(), seen.stream().distinct().count());
        assertThrows(IllegalStateException.class, a::allocate, "all three used up");
    }

    @Test
    void rejectsBadRanges() {
        assertThrows(IllegalArgumentException.class, () -> new FreePorts(100, 100, new Random()));
        assertThrows(IllegalArgumentException.class, () -> new FreePorts(0, 100, new Random()));
        assertThrows(IllegalArgumentException.class, () -> new FreePorts(100, 70000, new Random()));
    }

    @Test
    void rangeStaysBelowTheEphemeralPorts() {
        int high = FreePorts.ephemeralLow(FreePorts.DEFAULT_HIGH);
        assertTrue(high > FreePorts.DEFAULT_LOW && high <= FreePorts.DEFAULT_HIGH, "high " + high);
    }
}
