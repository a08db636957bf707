package org.elkflow.retention.action;

import org.elasticsearch.action.ActionType;
import org.elasticsearch.action.support.master.AcknowledgedResponse;

/**
 * The transport actions behind every REST endpoint. Names follow Elasticsearch's privilege model: policy changes
 * need a {@code cluster:admin} privilege (e.g. {@code manage}), reads a {@code cluster:monitor} one
 * ({@code monitor}), and explain an index privilege ({@code monitor} or {@code view_index_metadata} on the index).
 */
public final class RetentionActions {

    public static final ActionType<AcknowledgedResponse> PUT_POLICY = new ActionType<>("cluster:admin/retention/policy/put");
    public static final ActionType<AcknowledgedResponse> DELETE_POLICY = new ActionType<>("cluster:admin/retention/policy/delete");
    public static final ActionType<MapResponse> GET_POLICY = new ActionType<>("cluster:monitor/retention/policy/get");
    public static final ActionType<MapResponse> SIMULATE_POLICY = new ActionType<>("cluster:monitor/retention/policy/simulate");
    public static final ActionType<MapResponse> STATS = new ActionType<>("cluster:monitor/retention/stats");
    public static final ActionType<MapResponse> EXPLAIN = new ActionType<>("indices:monitor/retention/explain");

    private RetentionActions() {
    }
}
