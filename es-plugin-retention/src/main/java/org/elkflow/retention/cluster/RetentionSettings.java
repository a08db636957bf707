package org.elkflow.retention.cluster;

import org.elasticsearch.common.settings.Setting;
import org.elasticsearch.core.TimeValue;

import java.util.List;

/** Cluster settings of the plugin. */
public final class RetentionSettings {

    /** How often the elected master looks for work; dynamic ({@code PUT _cluster/settings}). */
    public static final Setting<TimeValue> POLL_INTERVAL = Setting.timeSetting("elkflow.retention.poll_interval",
            TimeValue.timeValueSeconds(10), TimeValue.timeValueMillis(100), Setting.Property.NodeScope, Setting.Property.Dynamic);

    /** Windows one rollup batch covers at most, so one index cannot starve the others. */
    public static final Setting<Integer> MAX_WINDOWS_PER_RUN = Setting.intSetting("elkflow.retention.rollup.max_windows_per_run",
            288, 1, Setting.Property.NodeScope, Setting.Property.Dynamic);

    /** Composite aggregation page size of rollups. */
    public static final Setting<Integer> PAGE_SIZE = Setting.intSetting("elkflow.retention.rollup.page_size",
            5000, 10, 65_000, Setting.Property.NodeScope, Setting.Property.Dynamic);

    private RetentionSettings() {
    }

    public static List<Setting<?>> all() {
        return List.of(POLL_INTERVAL, MAX_WINDOWS_PER_RUN, PAGE_SIZE);
    }
}
