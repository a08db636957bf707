package org.elkflow.retention.action;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.support.ActionFilters;
import org.elasticsearch.action.support.master.AcknowledgedResponse;
import org.elasticsearch.action.support.master.AcknowledgedTransportMasterNodeAction;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.block.ClusterBlockException;
import org.elasticsearch.cluster.block.ClusterBlockLevel;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.util.concurrent.EsExecutors;
import org.elasticsearch.injection.guice.Inject;
import org.elasticsearch.tasks.Task;
import org.elasticsearch.threadpool.ThreadPool;
import org.elasticsearch.transport.TransportService;
import org.elkflow.retention.cluster.RetentionService;
import org.elkflow.retention.policy.PolicyParser;

/** Validates a policy completely, then stores it in the cluster-state custom. */
public final class TransportPutPolicyAction extends AcknowledgedTransportMasterNodeAction<PolicyRequest> {

    private final RetentionService service;

    @Inject
    public TransportPutPolicyAction(TransportService transportService, ClusterService clusterService, ThreadPool threadPool,
                                    ActionFilters actionFilters, RetentionService service) {
        super(RetentionActions.PUT_POLICY.name(), transportService, clusterService, threadPool, actionFilters,
                PolicyRequest::new, EsExecutors.DIRECT_EXECUTOR_SERVICE);
        this.service = service;
    }

    @Override
    protected void masterOperation(Task task, PolicyRequest request, ClusterState state, ActionListener<AcknowledgedResponse> listener) {
        PolicyParser.parse(request.name(), request.source());
        service.store().update("put policy [" + request.name() + "]", m -> m.withPolicy(request.name(), request.source()),
                listener.map(m -> {
                    // start the new policy's work now rather than up to a poll interval (default 10 s) later
                    service.tickSoon();
                    return AcknowledgedResponse.TRUE;
                }));
    }

    @Override
    protected ClusterBlockException checkBlock(PolicyRequest request, ClusterState state) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.METADATA_WRITE);
    }
}
