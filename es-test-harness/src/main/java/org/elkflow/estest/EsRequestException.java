package org.elkflow.estest;

/**
 * Thrown by {@link EsRestClient#expectOk} when Elasticsearch answers with a status outside 2xx.
 * The message names the method, path, status and the full response body.
 */
public final class EsRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient EsResponse response;

    EsRequestException(EsResponse response) {
        super("expected 2xx for " + response.method() + " " + response.path() + " but got status "
                + response.status() + ": " + response.body());
        this.response = response;
    }

    /** The failed response. */
    public EsResponse response() {
        return response;
    }

    /** Its HTTP status. */
    public int status() {
        return response.status();
    }
}
