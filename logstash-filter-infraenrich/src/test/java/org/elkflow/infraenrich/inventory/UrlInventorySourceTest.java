package org.elkflow.infraenrich.inventory;

import com.sun.net.httpserver.HttpServer;
import org.elkflow.infraenrich.net.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UrlInventorySourceTest {

    private HttpServer server;
    private final AtomicReference<String> body = new AtomicReference<>("{\"cidr\":\"10.0.0.0/8\",\"site\":\"v1\"}\n");
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger delayMillis = new AtomicInteger();
    private final AtomicInteger notModified = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/inventory.jsonl", exchange -> {
            try {
                Thread.sleep(delayMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            String etag = "\"" + Integer.toHexString(body.get().hashCode()) + "\"";
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match")) && status.get() == 200) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
            } else {
                exchange.getResponseHeaders().add("ETag", etag);
                exchange.sendResponseHeaders(status.get(), bytes.length);
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String site(InventorySnapshot s) {
        return s.lookup(IpAddress.parse("10.1.1.1")).get("site");
    }

    @Test
    void pollsWithEtagsAndKeepsTheOldTableOnErrorsAndTimeouts() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/inventory.jsonl");
        RecordingListener listener = new RecordingListener();
        Inventory inv = new Inventory(List.of(new UrlInventorySource(uri, Duration.ofMillis(500))), listener);
        InventorySnapshot first = inv.load();
        assertEquals("v1", site(first));
        assertSame(first, inv.refresh());
        assertEquals(1, notModified.get());

        body.set("{\"cidr\":\"10.0.0.0/8\",\"site\":\"v2\"}\n");
        InventorySnapshot second = inv.refresh();
        assertEquals("v2", site(second));

        status.set(500);
        body.set("{\"cidr\":\"10.0.0.0/8\",\"site\":\"v3\"}\n");
        assertSame(second, inv.refresh());
        assertTrue(listener.failures.get(0).contains("HTTP status 500"), listener.failures.toString());

        status.set(200);
        delayMillis.set(2_000);
        assertSame(second, inv.refresh());
        assertTrue(listener.failures.get(1).contains("timed out"), listener.failures.toString());

        delayMillis.set(0);
        body.set("<html>maintenance</html>\n");
        assertSame(second, inv.refresh());
        assertTrue(listener.failures.get(2).contains("none of its 1 lines"), listener.failures.toString());

        body.set("{\"cidr\":\"10.0.0.0/8\",\"site\":\"v4\"}\n");
        assertEquals("v4", site(inv.refresh()));
    }
}
