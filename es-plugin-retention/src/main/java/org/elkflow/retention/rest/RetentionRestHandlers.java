package org.elkflow.retention.rest;

import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.action.RestToXContentListener;
import org.elasticsearch.xcontent.XContentParser;
import org.elkflow.retention.action.PolicyRequest;
import org.elkflow.retention.action.ReadRequest;
import org.elkflow.retention.action.RetentionActions;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.elasticsearch.rest.RestRequest.Method.DELETE;
import static org.elasticsearch.rest.RestRequest.Method.GET;
import static org.elasticsearch.rest.RestRequest.Method.POST;
import static org.elasticsearch.rest.RestRequest.Method.PUT;

/** The REST endpoints; each only translates the HTTP request into its transport action's request. */
public final class RetentionRestHandlers {

    private RetentionRestHandlers() {
    }

    public static List<RestHandler> all() {
        return List.of(new PutPolicy(), new GetPolicy(), new DeletePolicy(), new SimulatePolicy(), new Explain(), new Stats());
    }

    static Map<String, Object> body(RestRequest request, boolean required) throws IOException {
        if (!request.hasContent()) {
            if (required) {
                throw new IllegalArgumentException("request body is required: the policy as a JSON object");
            }
            return null;
        }
        try (XContentParser parser = request.contentParser()) {
            return parser.map();
        }
    }

    static final class PutPolicy extends BaseRestHandler {
        @Override
        public String getName() {
            return "elkflow_retention_put_policy";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(PUT, "/_retention/policy/{name}"));
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
            PolicyRequest req = new PolicyRequest(request.param("name"), body(request, true));
            return channel -> client.execute(RetentionActions.PUT_POLICY, req, new RestToXContentListener<>(channel));
        }
    }

    static final class DeletePolicy extends BaseRestHandler {
        @Override
        public String getName() {
            return "elkflow_retention_delete_policy";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(DELETE, "/_retention/policy/{name}"));
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            PolicyRequest req = new PolicyRequest(request.param("name"), null);
            return channel -> client.execute(RetentionActions.DELETE_POLICY, req, new RestToXContentListener<>(channel));
        }
    }

    static final class GetPolicy extends BaseRestHandler {
        @Override
        public String getName() {
            return "elkflow_retention_get_policy";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(GET, "/_retention/policy/{name}"), new Route(GET, "/_retention/policy"));
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            ReadRequest req = new ReadRequest(request.param("name"), false, null);
            return channel -> client.execute(RetentionActions.GET_POLICY, req, new RestToXContentListener<>(channel));
        }
    }

    static final class SimulatePolicy extends BaseRestHandler {
        @Override
        public String getName() {
            return "elkflow_retention_simulate_policy";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(POST, "/_retention/policy/{name}/_simulate"));
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
            ReadRequest req = new ReadRequest(request.param("name"), false, body(request, false));
            return channel -> client.execute(RetentionActions.SIMULATE_POLICY, req, new RestToXContentListener<>(channel));
        }
    }

    static final class Explain extends BaseRestHandler {
        @Override
        public String getName() {
            return "elkflow_retention_explain";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(GET, "/{index}/_retention/explain"));
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            ReadRequest req = new ReadRequest(request.param("index"), true, null);
            return channel -> client.execute(RetentionActions.EXPLAIN, req, new RestToXContentListener<>(channel));
        }
    }

    static final class Stats extends BaseRestHandler {
        @Override
        public String getName() {
            return "elkflow_retention_stats";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(GET, "/_retention/stats"));
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            ReadRequest req = new ReadRequest(null, false, null);
            return channel -> client.execute(RetentionActions.STATS, req, new RestToXContentListener<>(channel));
        }
    }
}
