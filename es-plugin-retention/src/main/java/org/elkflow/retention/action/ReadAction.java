package org.elkflow.retention.action;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.support.ActionFilters;
import org.elasticsearch.action.support.master.TransportMasterNodeReadAction;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.block.ClusterBlockException;
import org.elasticsearch.cluster.block.ClusterBlockLevel;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.util.concurrent.EsExecutors;
import org.elasticsearch.tasks.Task;
import org.elasticsearch.threadpool.ThreadPool;
import org.elasticsearch.transport.TransportService;
import org.elkflow.retention.cluster.RetentionService;

import java.util.Map;

/** Base of the read actions: answered on the master from its cluster state (the same view the scheduler acts on). */
abstract class ReadAction extends TransportMasterNodeReadAction<ReadRequest, MapResponse> {

    protected final RetentionService service;

    ReadAction(String name, TransportService transportService, ClusterService clusterService, ThreadPool threadPool,
               ActionFilters actionFilters, RetentionService service) {
        super(name, transportService, clusterService, threadPool, actionFilters, ReadRequest::new, MapResponse::new,
                EsExecutors.DIRECT_EXECUTOR_SERVICE);
        this.service = service;
    }

    abstract Map<String, Object> read(ReadRequest request, ClusterState state);

    @Override
    protected void masterOperation(Task task, ReadRequest request, ClusterState state, ActionListener<MapResponse> listener) {
        ActionListener.completeWith(listener, () -> new MapResponse(read(request, state)));
    }

    @Override
    protected ClusterBlockException checkBlock(ReadRequest request, ClusterState state) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.METADATA_READ);
    }
}
