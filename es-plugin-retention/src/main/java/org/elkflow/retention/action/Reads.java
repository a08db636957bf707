package org.elkflow.retention.action;

import org.elasticsearch.ResourceNotFoundException;
import org.elasticsearch.cluster.ClusterState;
import org.elkflow.retention.cluster.RetentionMetadata;
import org.elkflow.retention.cluster.RetentionService;
import org.elkflow.retention.policy.PolicyParser;
import org.elkflow.retention.policy.RetentionPolicy;

import java.util.LinkedHashMap;
import java.util.Map;

/** The answers of the read actions, built from a cluster state. */
final class Reads {

    private Reads() {
    }

    static Map<String, Object> getPolicy(RetentionService service, ReadRequest request, ClusterState state) {
        RetentionMetadata md = RetentionMetadata.get(state);
        Map<String, Object> out = new LinkedHashMap<>();
        if (request.target() == null) {
            md.policies().forEach((name, source) -> out.put(name, Map.of("policy", source)));
            return out;
        }
        Map<String, Object> source = md.policies().get(request.target());
        if (source == null) {
            throw new ResourceNotFoundException("retention policy [" + request.target() + "] not found");
        }
        out.put(request.target(), Map.of("policy", source));
        return out;
    }

    static Map<String, Object> simulatePolicy(RetentionService service, ReadRequest request, ClusterState state) {
        Map<String, Object> source = request.body();
        if (source == null || source.isEmpty()) {
            source = RetentionMetadata.get(state).policies().get(request.target());
            if (source == null) {
                throw new ResourceNotFoundException("retention policy [" + request.target() + "] not found");
            }
        }
        RetentionPolicy policy = PolicyParser.parse(request.target(), source);
        return service.simulate(state, policy, System.currentTimeMillis());
    }

    static Map<String, Object> stats(RetentionService service, ReadRequest request, ClusterState state) {
        return service.stats(state, System.currentTimeMillis());
    }

    static Map<String, Object> explain(RetentionService service, ReadRequest request, ClusterState state) {
        return service.explain(state, request.target(), System.currentTimeMillis());
    }
}
