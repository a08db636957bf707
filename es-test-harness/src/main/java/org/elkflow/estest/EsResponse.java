package org.elkflow.estest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.UncheckedIOException;

/**
 * One HTTP response from an Elasticsearch node: status code and body, with the body parsed as JSON on demand.
 */
public final class EsResponse {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String method;
    private final String path;
    private final int status;
    private final String body;
    private JsonNode json;

    EsResponse(String method, String path, int status, String body) {
        this.method = method;
        this.path = path;
        this.status = status;
        this.body = body == null ? "" : body;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The raw response body; empty (never null) when there was none. */
    public String body() {
        return body;
    }

    /** True for 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /**
     * The body parsed as JSON; a {@link MissingNode} for an empty body.
     *
     * @throws UncheckedIOException when the body is not JSON
     */
    public synchronized JsonNode json() {
        if (json == null) {
            if (body.isBlank()) {
                json = MissingNode.getInstance();
            } else {
                try {
                    json = JSON.readTree(body);
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException("response of " + method + " " + path + " is not JSON: " + body, e);
                }
            }
        }
        return json;
    }

    /** The request method this response answers. */
    public String method() {
        return method;
    }

    /** The request path (with query string) this response answers. */
    public String path() {
        return path;
    }

    @Override
    public String toString() {
        return method + " " + path + " -> " + status + " " + body;
    }
}
