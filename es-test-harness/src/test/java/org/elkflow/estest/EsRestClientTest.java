package org.elkflow.estest;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EsRestClientTest {

    private HttpServer server;
    private EsRestClient client;
    private final AtomicReference<String> lastRequest = new AtomicReference<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            lastRequest.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            boolean missing = exchange.getRequestURI().getPath().startsWith("/missing");
            byte[] answer = (missing ? "{\"error\":\"nope\",\"status\":404}" : "{\"ok\":true,\"n\":3}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(missing ? 404 : 200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        client = new EsRestClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void sendsMethodPathAndJsonBody() {
        EsResponse response = client.put("idx/_doc/1?refresh=true", "{\"a\":1}");
        assertEquals(200, response.status());
        assertTrue(response.isSuccess());
        assertEquals(3, response.json().path("n").asInt());
        assertEquals("PUT /idx/_doc/1?refresh=true application/json {\"a\":1}", lastRequest.get());
    }

    @Test
    void getHasNoBodyAndBulkUsesNdjson() {
        client.get("/_cluster/health");
        assertEquals("GET /_cluster/health null ", lastRequest.get());
        client.bulk("/_bulk", "{\"index\":{}}\n{\"a\":1}\n");
        assertTrue(lastRequest.get().startsWith("POST /_bulk application/x-ndjson "));
    }

    @Test
    void nonSuccessIsReturnedByRequestButThrownByExpectOk() {
        EsResponse response = client.delete("/missing/x");
        assertEquals(404, response.status());
        assertFalse(response.isSuccess());
        EsRequestException e = assertThrows(EsRequestException.class,
                () -> client.expectOk("POST", "/missing/_search", "{}"));
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("POST /missing/_search"), e.getMessage());
        assertTrue(e.getMessage().contains("404"), e.getMessage());
        assertTrue(e.getMessage().contains("\"error\":\"nope\""), e.getMessage());
        assertEquals(true, client.expectOk("GET", "/ok").path("ok").asBoolean());
    }

    @Test
    void emptyBodyIsAMissingNode() {
        assertTrue(new EsResponse("GET", "/", 200, "").json().isMissingNode());
    }
}
