package org.elkflow.retention.action;

import org.elasticsearch.ResourceNotFoundException;
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

/** Removes a policy; indices it managed keep their recorded progress but are no longer acted on. */
public final class TransportDeletePolicyAction extends AcknowledgedTransportMasterNodeAction<PolicyRequest> {

    private final RetentionService service;

    @Inject
    public TransportDeletePolicyAction(TransportService transportService, ClusterService clusterService, ThreadPool threadPool,
                                       ActionFilters actionFilters, RetentionService service) {
        super(RetentionActions.DELETE_POLICY.name(), transportService, clusterService, threadPool, actionFilters,
                PolicyRequest::new, EsExecutors.DIRECT_EXECUTOR_SERVICE);
        this.service = service;
    }

    @Override
    protected void masterOperation(Task task, PolicyRequest request, ClusterState state, ActionListener<AcknowledgedResponse> listener) {
        service.store().update("delete policy [" + request.name() + "]", m -> {
            if (!m.policies().containsKey(request.name())) {
                throw new ResourceNotFoundException("retention policy [" + request.name() + "] not found");
            }
            return m.withPolicy(request.name(), null);
        }, listener.map(m -> AcknowledgedResponse.TRUE));
    }

    @Override
    protected ClusterBlockException checkBlock(PolicyRequest request, ClusterState state) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.METADATA_WRITE);
    }
}
