package org.elkflow.retention.action;

import org.elasticsearch.action.support.ActionFilters;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.injection.guice.Inject;
import org.elasticsearch.threadpool.ThreadPool;
import org.elasticsearch.transport.TransportService;
import org.elkflow.retention.cluster.RetentionService;

import java.util.Map;

public final class TransportExplainAction extends ReadAction {

    @Inject
    public TransportExplainAction(TransportService transportService, ClusterService clusterService, ThreadPool threadPool,
                               ActionFilters actionFilters, RetentionService service) {
        super(RetentionActions.EXPLAIN.name(), transportService, clusterService, threadPool, actionFilters, service);
    }

    @Override
    Map<String, Object> read(ReadRequest request, ClusterState state) {
        return Reads.explain(service, request, state);
    }
}
