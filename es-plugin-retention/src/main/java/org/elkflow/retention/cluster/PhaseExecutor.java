package org.elkflow.retention.cluster;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.admin.indices.delete.DeleteIndexRequest;
import org.elasticsearch.action.admin.indices.forcemerge.ForceMergeRequest;
import org.elasticsearch.action.admin.indices.readonly.AddIndexBlockRequest;
import org.elasticsearch.action.admin.indices.settings.put.UpdateSettingsRequest;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.cluster.metadata.IndexMetadata;
import org.elasticsearch.common.settings.Settings;
import org.elkflow.retention.policy.RetentionPolicy;
import org.elkflow.retention.policy.RetentionPolicy.Step;

import java.util.Map;

/** Runs one lifecycle step of an index through the node client. Every step is idempotent. */
final class PhaseExecutor {

    private final Client client;

    PhaseExecutor(Client client) {
        this.client = client;
    }

    void run(String index, RetentionPolicy policy, Step step, ActionListener<Void> listener) {
        switch (step) {
            case WRITE_BLOCK -> client.admin().indices().addBlock(new AddIndexBlockRequest(IndexMetadata.APIBlock.WRITE, index),
                    listener.delegateFailureAndWrap((l, r) -> {
                        if (!r.isAcknowledged()) {
                            throw new IllegalStateException("write block on [" + index + "] not acknowledged");
                        }
                        l.onResponse(null);
                    }));
            case ALLOCATE -> {
                Settings.Builder s = Settings.builder();
                for (Map.Entry<String, String> e : policy.warm().requireAttributes().entrySet()) {
                    s.put("index.routing.allocation.require." + e.getKey(), e.getValue());
                }
                if (policy.warm().replicas() != null) {
                    s.put("index.number_of_replicas", policy.warm().replicas());
                }
                client.admin().indices().updateSettings(new UpdateSettingsRequest(s.build(), index),
                        listener.delegateFailureAndWrap((l, r) -> l.onResponse(null)));
            }
            case FORCE_MERGE -> client.admin().indices().forceMerge(
                    new ForceMergeRequest(index).maxNumSegments(policy.warm().forceMergeSegments()),
                    listener.delegateFailureAndWrap((l, r) -> {
                        if (r.getFailedShards() > 0) {
                            throw new IllegalStateException("force merge of [" + index + "] failed on " + r.getFailedShards()
                                    + " shard(s)");
                        }
                        l.onResponse(null);
                    }));
            case DELETE -> client.admin().indices().delete(new DeleteIndexRequest(index),
                    listener.delegateFailureAndWrap((l, r) -> l.onResponse(null)));
        }
    }
}
