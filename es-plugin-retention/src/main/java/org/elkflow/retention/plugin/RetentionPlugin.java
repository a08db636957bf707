package org.elkflow.retention.plugin;

import org.elasticsearch.action.ActionRequest;
import org.elasticsearch.action.ActionResponse;
import org.elasticsearch.cluster.NamedDiff;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.metadata.Metadata;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Setting;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.xcontent.NamedXContentRegistry;
import org.elasticsearch.xcontent.ParseField;
import org.elkflow.retention.action.RetentionActions;
import org.elkflow.retention.action.TransportDeletePolicyAction;
import org.elkflow.retention.action.TransportExplainAction;
import org.elkflow.retention.action.TransportGetPolicyAction;
import org.elkflow.retention.action.TransportPutPolicyAction;
import org.elkflow.retention.action.TransportSimulatePolicyAction;
import org.elkflow.retention.action.TransportStatsAction;
import org.elkflow.retention.cluster.RetentionMetadata;
import org.elkflow.retention.cluster.RetentionService;
import org.elkflow.retention.cluster.RetentionSettings;
import org.elkflow.retention.rest.RetentionRestHandlers;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Wires the retention plugin into Elasticsearch: settings, cluster-state custom, master-only service, actions, REST. */
public class RetentionPlugin extends Plugin implements ActionPlugin {

    @Override
    public Collection<?> createComponents(PluginServices services) {
        return List.of(new RetentionService(services.clusterService(), services.threadPool(), services.client()));
    }

    @Override
    public List<Setting<?>> getSettings() {
        return RetentionSettings.all();
    }

    @Override
    public List<NamedWriteableRegistry.Entry> getNamedWriteables() {
        return List.of(
                new NamedWriteableRegistry.Entry(Metadata.Custom.class, RetentionMetadata.TYPE, RetentionMetadata::new),
                new NamedWriteableRegistry.Entry(NamedDiff.class, RetentionMetadata.TYPE, RetentionMetadata::readDiffFrom));
    }

    @Override
    public List<NamedXContentRegistry.Entry> getNamedXContent() {
        return List.of(new NamedXContentRegistry.Entry(Metadata.Custom.class, new ParseField(RetentionMetadata.TYPE),
                RetentionMetadata::fromXContent));
    }

    @Override
    public Collection<ActionHandler<? extends ActionRequest, ? extends ActionResponse>> getActions() {
        return List.of(
                new ActionHandler<>(RetentionActions.PUT_POLICY, TransportPutPolicyAction.class),
                new ActionHandler<>(RetentionActions.DELETE_POLICY, TransportDeletePolicyAction.class),
                new ActionHandler<>(RetentionActions.GET_POLICY, TransportGetPolicyAction.class),
                new ActionHandler<>(RetentionActions.SIMULATE_POLICY, TransportSimulatePolicyAction.class),
                new ActionHandler<>(RetentionActions.STATS, TransportStatsAction.class),
                new ActionHandler<>(RetentionActions.EXPLAIN, TransportExplainAction.class));
    }

    @Override
    public Collection<RestHandler> getRestHandlers(Settings settings, NamedWriteableRegistry namedWriteableRegistry,
                                                   RestController restController, ClusterSettings clusterSettings,
                                                   IndexScopedSettings indexScopedSettings, SettingsFilter settingsFilter,
                                                   IndexNameExpressionResolver indexNameExpressionResolver,
                                                   Supplier<DiscoveryNodes> nodesInCluster,
                                                   Predicate<NodeFeature> clusterSupportsFeature) {
        return RetentionRestHandlers.all();
    }
}
