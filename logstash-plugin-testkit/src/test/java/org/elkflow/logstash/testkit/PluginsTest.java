package org.elkflow.logstash.testkit;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.Filter;
import co.elastic.logstash.api.FilterMatchListener;
import co.elastic.logstash.api.LogstashPlugin;
import co.elastic.logstash.api.PluginConfigSpec;
import co.elastic.logstash.api.PluginHelper;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginsTest {

    /** Rejects its configuration in the constructor, the documented way to fail a pipeline start. */
    @LogstashPlugin(name = "rejecting_filter")
    public static class RejectingFilter implements Filter {
        static final IllegalArgumentException REJECTION = new IllegalArgumentException("bad 'mode'");

        public RejectingFilter(String id, Configuration config, Context context) {
            throw REJECTION;
        }

        @Override
        public Collection<Event> filter(Collection<Event> events, FilterMatchListener matchListener) {
            return events;
        }

        @Override
        public Collection<PluginConfigSpec<?>> configSchema() {
            return PluginHelper.commonFilterSettings();
        }

        @Override
        public String getId() {
            return null;
        }
    }

    /** Forgets the id it was given. */
    @LogstashPlugin(name = "forgetful_filter")
    public static class ForgetfulFilter implements Filter {
        public ForgetfulFilter(String id, Configuration config, Context context) {
        }

        @Override
        public Collection<Event> filter(Collection<Event> events, FilterMatchListener matchListener) {
            return events;
        }

        @Override
        public Collection<PluginConfigSpec<?>> configSchema() {
            return PluginHelper.commonFilterSettings();
        }

        @Override
        public String getId() {
            return "something_else";
        }
    }

    /** Has no Logstash constructor. */
    @LogstashPlugin(name = "no_constructor_filter")
    public static class NoConstructorFilter extends ForgetfulFilter {
        public NoConstructorFilter() {
            super(null, null, null);
        }
    }

    /** The annotation name does not match the class name. */
    @LogstashPlugin(name = "flow_codec")
    public static class MisnamedPlugin extends ForgetfulFilter {
        public MisnamedPlugin(String id, Configuration config, Context context) {
            super(id, config, context);
        }
    }

    /** No annotation at all. */
    public static class Unannotated extends ForgetfulFilter {
        public Unannotated(String id, Configuration config, Context context) {
            super(id, config, context);
        }
    }

    @Test
    void passesTheConfiguredIdAndTheSettings() {
        MarkingFilter filter = Plugins.create(MarkingFilter.class,
                Map.of("id", "mark1", "label", "L", "cancel_every", 2L));
        assertEquals("mark1", filter.getId());
        assertEquals("marking_filter", filter.getName());
    }

    @Test
    void generatesAnIdFromThePluginNameWhenNoneIsConfigured() {
        MarkingFilter filter = Plugins.create(MarkingFilter.class, Map.of("label", "L"));
        assertTrue(filter.getId().matches("marking_filter_[0-9a-f-]{36}"), filter.getId());
    }

    @Test
    void unknownSettingFailsAsInLogstash() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plugins.create(MarkingFilter.class, Map.of("label", "L", "cancel_evry", 2L)));
        assertEquals("Unknown setting 'cancel_evry' specified for plugin 'marking_filter'", e.getMessage());
    }

    @Test
    void missingRequiredSettingFailsAsInLogstash() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plugins.create(MarkingFilter.class, Map.of()));
        assertEquals("Required setting 'label' not specified for plugin 'marking_filter'", e.getMessage());
    }

    @Test
    void constructorExceptionIsWrappedWithItsCause() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Plugins.create(RejectingFilter.class, Map.of()));
        assertSame(RejectingFilter.REJECTION, e.getCause());
        assertTrue(e.getMessage().contains("bad 'mode'"), e.getMessage());
    }

    @Test
    void missingConstructorIsReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plugins.create(NoConstructorFilter.class, Map.of()));
        assertTrue(e.getMessage().contains("(String id, Configuration config, Context context)"), e.getMessage());
    }

    @Test
    void pluginMustReturnTheIdItWasGiven() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Plugins.create(ForgetfulFilter.class, Map.of("id", "f1")));
        assertTrue(e.getMessage().contains("'f1'"), e.getMessage());
    }

    @Test
    void registryNameCheckAcceptsAWellNamedPlugin() {
        assertDoesNotThrow(() -> Plugins.checkRegistryName(MarkingFilter.class, "marking_filter"));
        assertDoesNotThrow(() -> Plugins.checkRegistryName(SequenceInput.class, "sequence_input"));
    }

    @Test
    void registryNameCheckRejectsAnotherPublishedName() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Plugins.checkRegistryName(MarkingFilter.class, "marker"));
        assertTrue(e.getMessage().contains("marker"), e.getMessage());
    }

    @Test
    void registryNameCheckRejectsANameThatDoesNotMatchTheClass() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Plugins.checkRegistryName(MisnamedPlugin.class, "flow_codec"));
        assertTrue(e.getMessage().contains("MisnamedPlugin"), e.getMessage());
    }

    @Test
    void registryNameCheckRejectsAMissingAnnotation() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Plugins.checkRegistryName(Unannotated.class, "unannotated"));
        assertTrue(e.getMessage().contains("@LogstashPlugin"), e.getMessage());
    }

    @Test
    void registryNameCheckRejectsAMissingConstructor() {
        assertThrows(AssertionError.class,
                () -> Plugins.checkRegistryName(NoConstructorFilter.class, "no_constructor_filter"));
    }

    @Test
    void commonSettingsAreAcceptedBecauseTheSchemaIncludesThem() {
        List<String> tags = List.of("t");
        SequenceInput input = Plugins.create(SequenceInput.class,
                Map.of("id", "in", "tags", tags, "type", "x", "enable_metric", false, "count", 3L));
        assertEquals("in", input.getId());
    }
}
