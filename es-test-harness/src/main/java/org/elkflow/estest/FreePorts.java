package org.elkflow.estest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Hands out TCP ports on 127.0.0.1 that were free when asked for.
 *
 * <p>Ports are drawn at random from a range below the kernel's ephemeral range, so outgoing connections do not
 * take them in the meantime and concurrent test JVMs are unlikely to pick the same one. Within this JVM a port
 * is never handed out twice. A port is only "free" at the moment it is checked: the caller must still expect
 * a bind failure in rare races.
 */
final class FreePorts {

    static final int DEFAULT_LOW = 20000;
    static final int DEFAULT_HIGH = 32000;

    private static final FreePorts SHARED = new FreePorts(DEFAULT_LOW, ephemeralLow(DEFAULT_HIGH), RandomGenerator.getDefault());
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private final int low;
    private final int high;
    private final RandomGenerator random;

    /** Ports in [low, high). */
    FreePorts(int low, int high, RandomGenerator random) {
        if (low < 1 || high > 65536 || low >= high) {
            throw new IllegalArgumentException("bad port range [" + low + ", " + high + ")");
        }
        this.low = low;
        this.high = high;
        this.random = random;
    }

    /** A free port from the shared allocator. */
    static int next() {
        return SHARED.allocate();
    }

    /** A port in range that binds on 127.0.0.1 now and was not handed out before by any allocator in this JVM. */
    int allocate() {
        int span = high - low;
        for (int attempt = 0; attempt < Math.max(200, span); attempt++) {
            int port = low + random.nextInt(span);
            if (!HANDED_OUT.contains(port) && isFree(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 in [" + low + ", " + high + ")");
    }

    /** True when a server socket can bind {@code 127.0.0.1:port} right now. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The upper end of our range: min(fallback, first ephemeral port) when the kernel tells us its range. */
    static int ephemeralLow(int fallback) {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            int first = Integer.parseInt(range[0]);
            return first > DEFAULT_LOW + 1000 ? Math.min(fallback, first) : fallback;
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }
}
