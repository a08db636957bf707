package org.elkflow.infraenrich.inventory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * An inventory served over HTTP(S) as JSON lines. Each poll is a GET with If-None-Match / If-Modified-Since
 * when the server gave an ETag / Last-Modified; 304 or identical bytes mean "unchanged". Any non-2xx status,
 * a timeout or a connection error is an IOException, which keeps the previous table in service.
 */
public final class UrlInventorySource implements InventorySource {

    private final URI uri;
    private final Duration timeout;
    private final HttpClient client;
    private String etag;
    private String lastModified;
    private byte[] lastDigest;

    public UrlInventorySource(URI uri, Duration timeout) {
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("inventory URL must be http or https: " + uri);
        }
        this.uri = uri;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public String name() {
        return uri.toString();
    }

    @Override
    public InventoryFormat format() {
        return InventoryFormat.JSON_LINES;
    }

    @Override
    public String fetchIfChanged() throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Accept", "application/x-ndjson, application/jsonl, application/json, text/plain");
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            request.header("If-Modified-Since", lastModified);
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new IOException("timed out after " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() == 304) {
            return null;
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("HTTP status " + response.statusCode());
        }
        etag = response.headers().firstValue("ETag").orElse(null);
        lastModified = response.headers().firstValue("Last-Modified").orElse(null);
        byte[] digest = Digests.sha256(response.body());
        if (Arrays.equals(digest, lastDigest)) {
            return null;
        }
        lastDigest = digest;
        return FileInventorySource.decode(response.body(), name());
    }
}
