package org.elkflow.retention.cluster;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.ClusterStateUpdateTask;
import org.elasticsearch.cluster.metadata.Metadata;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.Priority;

import java.util.function.UnaryOperator;

/** Applies changes to {@link RetentionMetadata} through the master's cluster-state update queue. */
public final class RetentionStore {

    private final ClusterService clusterService;

    public RetentionStore(ClusterService clusterService) {
        this.clusterService = clusterService;
    }

    public ClusterService clusterService() {
        return clusterService;
    }

    public RetentionMetadata current() {
        return RetentionMetadata.get(clusterService.state());
    }

    /**
     * Runs {@code change} on the current metadata on the master and publishes the result; the listener is called
     * once the new state is committed (or with the failure). {@code change} may throw to reject the update.
     */
    @SuppressWarnings("deprecation")
    public void update(String source, UnaryOperator<RetentionMetadata> change, ActionListener<RetentionMetadata> listener) {
        clusterService.submitUnbatchedStateUpdateTask("retention " + source, new ClusterStateUpdateTask(Priority.NORMAL) {
            private RetentionMetadata result;

            @Override
            public ClusterState execute(ClusterState state) {
                RetentionMetadata before = RetentionMetadata.get(state);
                RetentionMetadata after = change.apply(before);
                result = after;
                if (after.equals(before)) {
                    return state;
                }
                return ClusterState.builder(state)
                        .metadata(Metadata.builder(state.metadata()).putCustom(RetentionMetadata.TYPE, after))
                        .build();
            }

            @Override
            public void clusterStateProcessed(ClusterState oldState, ClusterState newState) {
                listener.onResponse(result);
            }

            @Override
            public void onFailure(Exception e) {
                listener.onFailure(e);
            }
        });
    }
}
