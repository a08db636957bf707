package co.elastic.logstash.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins the JVM-level shape of our declaration of {@code co.elastic.logstash.api} to Logstash 8.19's (see
 * ../shared/logstash-plugin-api.md §1). Compiling is not enough: a different descriptor (boxed instead of
 * primitive, a missing or extra overload) compiles fine here and is a {@code NoSuchMethodError} inside Logstash.
 * So each type's public members are compared, as JVM descriptors, with the exact list the real API has.
 */
class SignatureTest {

    private static final String API = "Lco/elastic/logstash/api/";
    private static final String STRING = "Ljava/lang/String;";
    private static final String OBJECT = "Ljava/lang/Object;";
    private static final String COLLECTION = "Ljava/util/Collection;";
    private static final String SPEC = API + "PluginConfigSpec;";

    /** The 20 top-level types of the package in Logstash 8.7 – 9.1. */
    private static final List<String> TYPES = List.of(
            "Codec", "Configuration", "Context", "CounterMetric", "DeadLetterQueueWriter", "DeprecationLogger",
            "Event", "EventFactory", "Filter", "FilterMatchListener", "Input", "LogstashPlugin", "Metric",
            "NamespacedMetric", "Output", "Password", "Plugin", "PluginConfigSpec", "PluginHelper", "TimerMetric");

    // ---------------------------------------------------------------------------------------------- inventory

    @Test
    void everyListedTypeLoads() throws ClassNotFoundException {
        assertEquals(20, TYPES.size());
        for (String name : TYPES) {
            Class<?> type = Class.forName("co.elastic.logstash.api." + name);
            assertTrue(Modifier.isPublic(type.getModifiers()), name + " must be public");
        }
        assertNotNull(Class.forName("co.elastic.logstash.api.TimerMetric$ExceptionalSupplier"));
        assertNotNull(Class.forName("co.elastic.logstash.api.TimerMetric$ExceptionalRunnable"));
    }

    @Test
    void packageHoldsExactlyTheListedTypes() throws IOException, URISyntaxException {
        assertEquals(new TreeSet<>(TYPES), topLevelClassesOfApiPackage(),
                "the declaration must have exactly the 20 types of the real package (9.2's UserMetric excluded)");
    }

    /** Simple names of the top-level classes next to Plugin.class, in a directory or a jar. */
    private static Set<String> topLevelClassesOfApiPackage() throws IOException, URISyntaxException {
        Path location = Paths.get(Plugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String packagePath = "co/elastic/logstash/api/";
        Set<String> names = new TreeSet<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.list(location.resolve(packagePath))) {
                files.map(p -> p.getFileName().toString()).forEach(n -> addTopLevel(names, n));
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    String entry = entries.nextElement().getName();
                    if (entry.startsWith(packagePath) && entry.indexOf('/', packagePath.length()) < 0) {
                        addTopLevel(names, entry.substring(packagePath.length()));
                    }
                }
            }
        }
        return names;
    }

    private static void addTopLevel(Set<String> names, String fileName) {
        if (fileName.endsWith(".class") && !fileName.contains("$") && !fileName.equals("package-info.class")) {
            names.add(fileName.substring(0, fileName.length() - ".class".length()));
        }
    }

    @Test
    void kindsOfTypesMatch() {
        for (Class<?> type : List.of(PluginConfigSpec.class, PluginHelper.class)) {
            assertFalse(type.isInterface(), type + " is a class in Logstash");
            assertTrue(Modifier.isFinal(type.getModifiers()), type + " is final in Logstash");
            assertEquals(0, type.getConstructors().length, type + " has no public constructor");
        }
        assertFalse(Password.class.isInterface());
        assertTrue(Serializable.class.isAssignableFrom(Password.class));
        assertTrue(LogstashPlugin.class.isAnnotation());
        for (String name : TYPES) {
            Class<?> type = load(name);
            if (!Set.of(PluginConfigSpec.class, PluginHelper.class, Password.class, LogstashPlugin.class)
                    .contains(type)) {
                assertTrue(type.isInterface(), name + " is an interface in Logstash");
            }
        }
    }

    @Test
    void pluginKindsExtendPlugin() {
        for (Class<?> kind : List.of(Input.class, Filter.class, Output.class, Codec.class)) {
            assertArrayEquals(new Class<?>[] {Plugin.class}, kind.getInterfaces(), kind + " extends Plugin only");
        }
        assertArrayEquals(new Class<?>[] {Metric.class}, NamespacedMetric.class.getInterfaces());
    }

    @Test
    void onlyForeignTypeIsLog4jLogger() {
        Set<String> foreign = new TreeSet<>();
        for (String name : TYPES) {
            Class<?> type = load(name);
            for (Method method : type.getDeclaredMethods()) {
                if (!Modifier.isPublic(method.getModifiers())) {
                    continue;
                }
                List<Class<?>> used = new ArrayList<>(Arrays.asList(method.getParameterTypes()));
                used.add(method.getReturnType());
                used.addAll(Arrays.asList(method.getExceptionTypes()));
                for (Class<?> t : used) {
                    while (t.isArray()) {
                        t = t.getComponentType();
                    }
                    if (!t.isPrimitive() && !t.getName().startsWith("java.")
                            && !t.getName().startsWith("co.elastic.logstash.api.")) {
                        foreign.add(t.getName());
                    }
                }
            }
        }
        assertEquals(Set.of("org.apache.logging.log4j.Logger"), foreign);
        assertEquals(org.apache.logging.log4j.Logger.class,
                method(Context.class, "getLogger", Plugin.class).getReturnType());
    }

    // ------------------------------------------------------------------------------------- member descriptors

    @Test
    void pluginMembers() {
        assertMembers(Plugin.class, "configSchema()" + COLLECTION, "getName()" + STRING, "getId()" + STRING);
        assertTrue(method(Plugin.class, "getName").isDefault());
        assertFalse(method(Plugin.class, "getId").isDefault());
    }

    @Test
    void inputMembers() {
        assertMembers(Input.class, "start(Ljava/util/function/Consumer;)V", "stop()V", "awaitStop()V");
        assertThrowsDeclared(method(Input.class, "awaitStop"), InterruptedException.class);
    }

    @Test
    void filterMembersAndDefaults() {
        assertMembers(Filter.class,
                "filter(" + COLLECTION + API + "FilterMatchListener;)" + COLLECTION,
                "close()V",
                "flush(" + API + "FilterMatchListener;)" + COLLECTION,
                "requiresFlush()Z",
                "requiresPeriodicFlush()Z");
        assertFalse(method(Filter.class, "filter", Collection.class, FilterMatchListener.class).isDefault());
        assertTrue(method(Filter.class, "close").isDefault(), "close() is a default method (8.6+)");
        assertTrue(method(Filter.class, "flush", FilterMatchListener.class).isDefault());
        assertTrue(method(Filter.class, "requiresFlush").isDefault());
        assertTrue(method(Filter.class, "requiresPeriodicFlush").isDefault());
    }

    @Test
    void filterDefaultsBehaveAsInLogstash() {
        Filter filter = new Filter() {
            @Override
            public Collection<Event> filter(Collection<Event> events, FilterMatchListener matchListener) {
                return events;
            }

            @Override
            public Collection<PluginConfigSpec<?>> configSchema() {
                return List.of();
            }

            @Override
            public String getId() {
                return "f";
            }
        };
        assertTrue(filter.flush(e -> { }).isEmpty());
        assertFalse(filter.requiresFlush());
        assertFalse(filter.requiresPeriodicFlush());
        filter.close();
    }

    @Test
    void filterMatchListenerMembers() {
        assertMembers(FilterMatchListener.class, "filterMatched(" + API + "Event;)V");
    }

    @Test
    void outputMembers() {
        assertMembers(Output.class, "output(" + COLLECTION + ")V", "stop()V", "awaitStop()V");
        assertThrowsDeclared(method(Output.class, "awaitStop"), InterruptedException.class);
    }

    @Test
    void codecMembers() {
        assertMembers(Codec.class,
                "decode(Ljava/nio/ByteBuffer;Ljava/util/function/Consumer;)V",
                "flush(Ljava/nio/ByteBuffer;Ljava/util/function/Consumer;)V",
                "encode(" + API + "Event;Ljava/io/OutputStream;)V",
                "cloneCodec()" + API + "Codec;");
        assertThrowsDeclared(method(Codec.class, "encode", Event.class, java.io.OutputStream.class),
                IOException.class);
    }

    @Test
    void eventMembers() {
        assertMembers(Event.class,
                "getData()Ljava/util/Map;", "getMetadata()Ljava/util/Map;",
                "cancel()V", "uncancel()V", "isCancelled()Z",
                "getEventTimestamp()Ljava/time/Instant;", "setEventTimestamp(Ljava/time/Instant;)V",
                "getField(" + STRING + ")" + OBJECT, "getUnconvertedField(" + STRING + ")" + OBJECT,
                "setField(" + STRING + OBJECT + ")V", "includes(" + STRING + ")Z", "toMap()Ljava/util/Map;",
                "overwrite(" + API + "Event;)" + API + "Event;", "append(" + API + "Event;)" + API + "Event;",
                "remove(" + STRING + ")" + OBJECT, "sprintf(" + STRING + ")" + STRING,
                "clone()" + API + "Event;", "toString()" + STRING, "tag(" + STRING + ")V");
        assertThrowsDeclared(method(Event.class, "sprintf", String.class), IOException.class);
        assertTrue(Arrays.stream(Event.class.getMethods()).noneMatch(Method::isDefault));
    }

    @Test
    void eventFactoryMembers() {
        assertMembers(EventFactory.class, "newEvent(Ljava/util/Map;)" + API + "Event;", "newEvent()" + API + "Event;");
        assertTrue(method(EventFactory.class, "newEvent").isDefault());
        assertNotNull(EventFactory.class.getAnnotation(FunctionalInterface.class));
    }

    @Test
    void configurationMembers() {
        assertMembers(Configuration.class,
                "get(" + SPEC + ")" + OBJECT, "getRawValue(" + SPEC + ")" + OBJECT,
                "contains(" + SPEC + ")Z", "allKeys()" + COLLECTION);
    }

    @Test
    void contextMembers() {
        assertMembers(Context.class,
                "getDlqWriter()" + API + "DeadLetterQueueWriter;",
                "getMetric(" + API + "Plugin;)" + API + "NamespacedMetric;",
                "getLogger(" + API + "Plugin;)Lorg/apache/logging/log4j/Logger;",
                "getDeprecationLogger(" + API + "Plugin;)" + API + "DeprecationLogger;",
                "getEventFactory()" + API + "EventFactory;");
    }

    @Test
    void metricMembers() {
        assertMembers(Metric.class, "namespace([" + STRING + ")" + API + "NamespacedMetric;");
        assertTrue(method(Metric.class, "namespace", String[].class).isVarArgs());
        assertMembers(NamespacedMetric.class,
                "gauge(" + STRING + OBJECT + ")V",
                "counter(" + STRING + ")" + API + "CounterMetric;",
                "timer(" + STRING + ")" + API + "TimerMetric;",
                "increment(" + STRING + ")V",
                "increment(" + STRING + "I)V",
                "time(" + STRING + "Ljava/util/function/Supplier;)" + OBJECT,
                "reportTime(" + STRING + "J)V",
                "namespaceName()[" + STRING,
                "root()" + API + "Metric;");
        assertMembers(CounterMetric.class, "increment()V", "increment(J)V", "getValue()J", "reset()V");
    }

    @Test
    void timerMetricMembersAndNestedInterfaces() throws ClassNotFoundException {
        assertMembers(TimerMetric.class,
                "time(" + API + "TimerMetric$ExceptionalSupplier;)" + OBJECT,
                "time(" + API + "TimerMetric$ExceptionalRunnable;)V",
                "reportUntrackedMillis(J)V");
        assertFalse(method(TimerMetric.class, "time", TimerMetric.ExceptionalSupplier.class).isDefault());
        assertTrue(method(TimerMetric.class, "time", TimerMetric.ExceptionalRunnable.class).isDefault());
        assertThrowsDeclared(method(TimerMetric.class, "time", TimerMetric.ExceptionalSupplier.class),
                Throwable.class);

        Class<?> supplier = Class.forName("co.elastic.logstash.api.TimerMetric$ExceptionalSupplier");
        Class<?> runnable = Class.forName("co.elastic.logstash.api.TimerMetric$ExceptionalRunnable");
        for (Class<?> nested : List.of(supplier, runnable)) {
            assertSame(TimerMetric.class, nested.getDeclaringClass(), nested + " must be nested in TimerMetric");
            assertTrue(nested.isInterface());
            assertNotNull(nested.getAnnotation(FunctionalInterface.class));
        }
        assertMembers(supplier, "get()" + OBJECT);
        assertMembers(runnable, "run()V");
        assertThrowsDeclared(method(supplier, "get"), Throwable.class);
        assertThrowsDeclared(method(runnable, "run"), Throwable.class);
    }

    @Test
    void deadLetterQueueWriterAndDeprecationLoggerMembers() {
        assertMembers(DeadLetterQueueWriter.class,
                "writeEntry(" + API + "Event;" + API + "Plugin;" + STRING + ")V", "isOpen()Z",
                "getCurrentQueueSize()J");
        assertThrowsDeclared(method(DeadLetterQueueWriter.class, "writeEntry", Event.class, Plugin.class,
                String.class), IOException.class);
        assertMembers(DeprecationLogger.class, "deprecated(" + STRING + "[" + OBJECT + ")V");
        assertTrue(method(DeprecationLogger.class, "deprecated", String.class, Object[].class).isVarArgs());
    }

    @Test
    void logstashPluginAnnotation() throws NoSuchMethodException {
        Retention retention = LogstashPlugin.class.getAnnotation(Retention.class);
        assertNotNull(retention, "without @Retention javac records the annotation as invisible");
        assertEquals(RetentionPolicy.RUNTIME, retention.value());
        assertArrayEquals(new ElementType[] {ElementType.TYPE}, LogstashPlugin.class.getAnnotation(Target.class).value());
        assertMembers(LogstashPlugin.class, "name()" + STRING);
        assertNull(LogstashPlugin.class.getDeclaredMethod("name").getDefaultValue(), "name has no default");
    }

    @Test
    void getNameReadsTheAnnotation() {
        @LogstashPlugin(name = "named_probe")
        class NamedProbe implements Plugin {
            @Override
            public Collection<PluginConfigSpec<?>> configSchema() {
                return List.of();
            }

            @Override
            public String getId() {
                return "x";
            }
        }
        class UnnamedProbe implements Plugin {
            @Override
            public Collection<PluginConfigSpec<?>> configSchema() {
                return List.of();
            }

            @Override
            public String getId() {
                return "y";
            }
        }
        assertEquals("named_probe", new NamedProbe().getName());
        assertEquals(UnnamedProbe.class.getName(), new UnnamedProbe().getName());
    }

    @Test
    void passwordShape() throws NoSuchMethodException {
        assertEquals(-8683271728417419530L, ObjectStreamClass.lookup(Password.class).getSerialVersionUID());
        assertTrue(Modifier.isPublic(Password.class.getConstructor(String.class).getModifiers()));
        assertEquals(1, Password.class.getConstructors().length);
        assertMembers(Password.class, "getPassword()" + STRING, "toString()" + STRING, "getValue()" + STRING,
                "inspect()" + STRING);
        Password password = new Password("s3cret");
        assertEquals("s3cret", password.getPassword());
        assertEquals("s3cret", password.getValue());
        assertEquals("<password>", password.toString());
        assertEquals("<password>", password.inspect());
    }

    // ---------------------------------------------------------------------------------------- PluginConfigSpec

    @Test
    void pluginConfigSpecMembers() {
        String s = STRING;
        String z = "Z";
        assertMembers(PluginConfigSpec.class,
                "stringSetting(" + s + ")" + SPEC,
                "stringSetting(" + s + s + ")" + SPEC,
                "requiredStringSetting(" + s + ")" + SPEC,
                "stringSetting(" + s + s + z + z + ")" + SPEC,
                "codecSetting(" + s + ")" + SPEC,
                "codecSetting(" + s + s + ")" + SPEC,
                "codecSetting(" + s + API + "Codec;" + z + z + ")" + SPEC,
                "uriSetting(" + s + ")" + SPEC,
                "uriSetting(" + s + s + ")" + SPEC,
                "uriSetting(" + s + s + z + z + ")" + SPEC,
                "numSetting(" + s + ")" + SPEC,
                "numSetting(" + s + "J)" + SPEC,
                "numSetting(" + s + "J" + z + z + ")" + SPEC,
                "floatSetting(" + s + "D)" + SPEC,
                "floatSetting(" + s + "D" + z + z + ")" + SPEC,
                "booleanSetting(" + s + ")" + SPEC,
                "booleanSetting(" + s + "Z)" + SPEC,
                "requiredBooleanSetting(" + s + ")" + SPEC,
                "booleanSetting(" + s + "ZZZ)" + SPEC,
                "hashSetting(" + s + ")" + SPEC,
                "hashSetting(" + s + "Ljava/util/Map;" + z + z + ")" + SPEC,
                "arraySetting(" + s + ")" + SPEC,
                "arraySetting(" + s + "Ljava/util/List;" + z + z + ")" + SPEC,
                "passwordSetting(" + s + ")" + SPEC,
                "passwordSetting(" + s + s + z + z + ")" + SPEC,
                "children()" + COLLECTION,
                "deprecated()Z",
                "required()Z",
                "defaultValue()" + OBJECT,
                "name()" + STRING,
                "type()Ljava/lang/Class;",
                "getRawDefaultValue()" + STRING);
        for (Method m : publicDeclaredMethods(PluginConfigSpec.class)) {
            boolean factory = m.getName().endsWith("Setting");
            assertEquals(factory, Modifier.isStatic(m.getModifiers()), m + (factory ? " must be" : " must not be")
                    + " static");
        }
    }

    @Test
    void primitiveParametersArePrimitive() {
        method(PluginConfigSpec.class, "numSetting", String.class, long.class);
        method(PluginConfigSpec.class, "numSetting", String.class, long.class, boolean.class, boolean.class);
        method(PluginConfigSpec.class, "floatSetting", String.class, double.class);
        method(PluginConfigSpec.class, "floatSetting", String.class, double.class, boolean.class, boolean.class);
        method(PluginConfigSpec.class, "booleanSetting", String.class, boolean.class);
        method(PluginConfigSpec.class, "booleanSetting", String.class, boolean.class, boolean.class, boolean.class);
        method(PluginConfigSpec.class, "stringSetting", String.class, String.class, boolean.class, boolean.class);
        assertThrows(NoSuchMethodException.class,
                () -> PluginConfigSpec.class.getMethod("numSetting", String.class, Long.class));
        assertThrows(NoSuchMethodException.class,
                () -> PluginConfigSpec.class.getMethod("floatSetting", String.class, Double.class));
        assertThrows(NoSuchMethodException.class,
                () -> PluginConfigSpec.class.getMethod("floatSetting", String.class),
                "Logstash has no one-argument floatSetting");
    }

    @Test
    void factoriesProduceTheLogstashValueTypes() {
        assertEquals(String.class, PluginConfigSpec.stringSetting("a").type());
        assertEquals(Codec.class, PluginConfigSpec.codecSetting("a").type());
        assertEquals(URI.class, PluginConfigSpec.uriSetting("a").type());
        assertEquals(Long.class, PluginConfigSpec.numSetting("a").type());
        assertEquals(Double.class, PluginConfigSpec.floatSetting("a", 1.5).type());
        assertEquals(Boolean.class, PluginConfigSpec.booleanSetting("a").type());
        assertEquals(Map.class, PluginConfigSpec.hashSetting("a").type());
        assertEquals(List.class, PluginConfigSpec.arraySetting("a").type());
        assertEquals(Password.class, PluginConfigSpec.passwordSetting("a").type());

        assertEquals(5L, PluginConfigSpec.numSetting("a", 5).defaultValue());
        assertEquals(1.5d, PluginConfigSpec.floatSetting("a", 1.5).defaultValue());
        assertEquals(Boolean.TRUE, PluginConfigSpec.booleanSetting("a", true).defaultValue());
        assertTrue(PluginConfigSpec.requiredStringSetting("a").required());
        assertTrue(PluginConfigSpec.requiredBooleanSetting("a").required());
        assertTrue(PluginConfigSpec.numSetting("a", 1, true, false).deprecated());
        assertTrue(PluginConfigSpec.stringSetting("a").children().isEmpty());
    }

    @Test
    void stringDefaultsForRuntimeConvertedTypesAreKeptRaw() {
        assertEquals("plain", PluginConfigSpec.codecSetting("c", "plain").getRawDefaultValue());
        assertNull(PluginConfigSpec.codecSetting("c", "plain").defaultValue());
        assertEquals("http://x", PluginConfigSpec.uriSetting("u", "http://x").getRawDefaultValue());
        assertEquals("http://x", PluginConfigSpec.uriSetting("u", "http://x", false, true).getRawDefaultValue());
        PluginConfigSpec<Password> password = PluginConfigSpec.passwordSetting("p", "pw", true, true);
        assertEquals("pw", password.getRawDefaultValue());
        assertFalse(password.deprecated(), "Logstash ignores deprecated for passwordSetting(4 args)");
        assertFalse(password.required(), "Logstash ignores required for passwordSetting(4 args)");
    }

    // -------------------------------------------------------------------------------------------- PluginHelper

    @Test
    void pluginHelperMembers() {
        String c = COLLECTION;
        assertMembers(PluginHelper.class,
                "commonInputSettings()" + c, "commonInputSettings(" + c + ")" + c,
                "commonOutputSettings()" + c, "commonOutputSettings(" + c + ")" + c,
                "commonFilterSettings()" + c, "commonFilterSettings(" + c + ")" + c);
        Set<String> fields = Arrays.stream(PluginHelper.class.getDeclaredFields())
                .filter(f -> Modifier.isPublic(f.getModifiers()))
                .peek(f -> {
                    assertTrue(Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()), f + "");
                    assertEquals(PluginConfigSpec.class, f.getType());
                })
                .map(Field::getName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("ADD_FIELD_CONFIG", "ADD_TAG_CONFIG", "CODEC_CONFIG",
                "ENABLE_METRIC_CONFIG", "ID_CONFIG", "PERIODIC_FLUSH_CONFIG", "REMOVE_FIELD_CONFIG",
                "REMOVE_TAG_CONFIG", "TAGS_CONFIG", "TYPE_CONFIG")), fields);
    }

    @Test
    void pluginHelperFieldsNameTheirSettings() {
        assertSpec(PluginHelper.ADD_FIELD_CONFIG, "add_field", Map.class);
        assertSpec(PluginHelper.ADD_TAG_CONFIG, "add_tag", List.class);
        assertSpec(PluginHelper.CODEC_CONFIG, "codec", Codec.class);
        assertSpec(PluginHelper.ENABLE_METRIC_CONFIG, "enable_metric", Boolean.class);
        assertSpec(PluginHelper.ID_CONFIG, "id", String.class);
        assertSpec(PluginHelper.PERIODIC_FLUSH_CONFIG, "periodic_flush", Boolean.class);
        assertSpec(PluginHelper.REMOVE_FIELD_CONFIG, "remove_field", List.class);
        assertSpec(PluginHelper.REMOVE_TAG_CONFIG, "remove_tag", List.class);
        assertSpec(PluginHelper.TAGS_CONFIG, "tags", List.class);
        assertSpec(PluginHelper.TYPE_CONFIG, "type", String.class);
    }

    private static void assertSpec(PluginConfigSpec<?> spec, String name, Class<?> type) {
        assertEquals(name, spec.name());
        assertEquals(type, spec.type(), name);
    }

    @Test
    void commonSettingNamesAsInLogstash() {
        assertEquals(List.of("add_field", "enable_metric", "codec", "id", "tags", "type"),
                names(PluginHelper.commonInputSettings()));
        assertEquals(List.of("enable_metric", "codec", "id"), names(PluginHelper.commonOutputSettings()));
        assertEquals(List.of("add_field", "add_tag", "enable_metric", "id", "periodic_flush", "remove_field",
                "remove_tag"), names(PluginHelper.commonFilterSettings()));
    }

    @Test
    void ownSpecsComeFirstAndDuplicatesAreSkipped() {
        PluginConfigSpec<String> mode = PluginConfigSpec.stringSetting("mode");
        PluginConfigSpec<String> ownId = PluginConfigSpec.stringSetting("id", "mine");
        List<PluginConfigSpec<?>> own = List.of(mode, ownId);

        List<PluginConfigSpec<?>> filter = new ArrayList<>(PluginHelper.commonFilterSettings(own));
        assertEquals(List.of("mode", "id", "add_field", "add_tag", "enable_metric", "periodic_flush", "remove_field",
                "remove_tag"), names(filter));
        assertSame(mode, filter.get(0));
        assertSame(ownId, filter.get(1), "the plugin's own spec wins over the common one");

        assertEquals(List.of("mode", "id", "add_field", "enable_metric", "codec", "tags", "type"),
                names(PluginHelper.commonInputSettings(own)));
        assertEquals(List.of("mode", "id", "enable_metric", "codec"), names(PluginHelper.commonOutputSettings(own)));
    }

    private static List<String> names(Collection<PluginConfigSpec<?>> specs) {
        return specs.stream().map(PluginConfigSpec::name).collect(Collectors.toList());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Class<?> load(String simpleName) {
        try {
            return Class.forName("co.elastic.logstash.api." + simpleName);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(simpleName + " is missing", e);
        }
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getDeclaredMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(type.getSimpleName() + "." + name + Arrays.toString(parameters)
                    + " is not declared", e);
        }
    }

    /** The type's own public methods, as JVM descriptors, must be exactly {@code expected}. */
    private static void assertMembers(Class<?> type, String... expected) {
        Set<String> actual = publicDeclaredMethods(type).stream().map(SignatureTest::descriptor)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(Arrays.asList(expected));
        missing.removeAll(actual);
        Set<String> unexpected = new TreeSet<>(actual);
        unexpected.removeAll(Arrays.asList(expected));
        assertTrue(missing.isEmpty() && unexpected.isEmpty(), () -> type.getName() + " differs from Logstash's: missing "
                + missing + ", not in Logstash " + unexpected);
        assertEquals(expected.length, actual.size(), type.getName() + ": a member is listed twice in the test");
    }

    private static List<Method> publicDeclaredMethods(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge())
                .collect(Collectors.toList());
    }

    private static String descriptor(Method method) {
        StringBuilder out = new StringBuilder(method.getName()).append('(');
        for (Class<?> parameter : method.getParameterTypes()) {
            out.append(descriptor(parameter));
        }
        return out.append(')').append(descriptor(method.getReturnType())).toString();
    }

    private static String descriptor(Class<?> type) {
        if (type.isArray()) {
            return type.getName().replace('.', '/');
        }
        if (type.isPrimitive()) {
            if (type == void.class) {
                return "V";
            }
            if (type == boolean.class) {
                return "Z";
            }
            if (type == long.class) {
                return "J";
            }
            return String.valueOf(Character.toUpperCase(type.getName().charAt(0)));
        }
        return "L" + type.getName().replace('.', '/') + ";";
    }

    private static void assertThrowsDeclared(Method method, Class<?>... exceptions) {
        assertArrayEquals(exceptions, method.getExceptionTypes(), method + " throws clause");
    }
}
