package org.elkflow.estest;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A minimal REST client for one Elasticsearch node, built on {@link HttpClient}. Every call is synchronous and
 * returns the response whatever its status; {@link #expectOk} turns a non-2xx status into an exception.
 * I/O failures are thrown as {@link UncheckedIOException} so tests stay free of checked exceptions.
 */
public final class EsRestClient {

    private static final String JSON_TYPE = "application/json";
    private static final String NDJSON_TYPE = "application/x-ndjson";

    private final URI base;
    private final Duration requestTimeout;
    private final HttpClient http;

    /** A client for {@code base} (e.g. {@code http://127.0.0.1:9200}) with a 60 s timeout per request. */
    public EsRestClient(URI base) {
        this(base, Duration.ofSeconds(60));
    }

    public EsRestClient(URI base, Duration requestTimeout) {
        this.base = Objects.requireNonNull(base, "base");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The node's base address. */
    public URI baseUri() {
        return base;
    }

    /** A client for the same node whose requests time out after {@code timeout}. */
    public EsRestClient withTimeout(Duration timeout) {
        return new EsRestClient(base, timeout);
    }

    /**
     * Sends {@code method path} with an optional JSON body.
     *
     * @param path     path and query string, with or without the leading slash (e.g. {@code _cluster/health?wait_for_status=green})
     * @param jsonBody the request body, or null for none
     */
    public EsResponse request(String method, String path, String jsonBody) {
        return request(method, path, jsonBody, JSON_TYPE);
    }

    /** Like {@link #request(String, String, String)} with an explicit content type (e.g. ndjson for _bulk). */
    public EsResponse request(String method, String path, String body, String contentType) {
        String normalizedPath = path.startsWith("/") ? path : "/" + path;
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(normalizedPath))
                .timeout(requestTimeout)
                .header("Accept", JSON_TYPE)
                .method(method, publisher);
        if (body != null) {
            builder.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(builder.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new EsResponse(method, normalizedPath, response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + base.resolve(normalizedPath) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + normalizedPath, e);
        }
    }

    public EsResponse get(String path) {
        return request("GET", path, null);
    }

    public EsResponse put(String path, String jsonBody) {
        return request("PUT", path, jsonBody);
    }

    public EsResponse post(String path, String jsonBody) {
        return request("POST", path, jsonBody);
    }

    public EsResponse delete(String path) {
        return request("DELETE", path, null);
    }

    /** POSTs newline-delimited JSON to a {@code _bulk} endpoint; the body must end with a newline. */
    public EsResponse bulk(String path, String ndjson) {
        return request("POST", path, ndjson, NDJSON_TYPE);
    }

    /**
     * Sends the request and returns the parsed JSON body.
     *
     * @throws EsRequestException naming method, path, status and body when the status is not 2xx
     */
    public JsonNode expectOk(String method, String path, String jsonBody) {
        EsResponse response = request(method, path, jsonBody);
        if (!response.isSuccess()) {
            throw new EsRequestException(response);
        }
        return response.json();
    }

    /** {@code expectOk("GET", path, null)}. */
    public JsonNode expectOk(String method, String path) {
        return expectOk(method, path, null);
    }

    @Override
    public String toString() {
        return "EsRestClient[" + base + "]";
    }
}
