package org.elkflow.logstash.testkit.gem;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.Filter;
import co.elastic.logstash.api.Input;
import co.elastic.logstash.api.LogstashPlugin;
import org.apache.logging.log4j.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * Replays, on a built gem, the checks Logstash 8.x makes when it installs and loads a Java plugin (plugin
 * registry, jar-dependencies, the Java plugin lookup), plus the packaging rules of this project: the single jar
 * holds only the project's own packages, with third-party code relocated, and never the plugin API or log4j.
 * Every problem found is collected, so one run reports all of them.
 */
public final class LogstashRegistryCheck {

    private static final String[] FORBIDDEN_IN_JAR = {"co/elastic/logstash/", "org/logstash/", "org/apache/logging/"};

    private final PluginGem gem;
    private final String group;
    private final String ownPackagePath;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param gem the built gem
     * @param group the Maven group used in the {@code require_jar} call and the vendor path, e.g. {@code org.elkflow}
     */
    public LogstashRegistryCheck(PluginGem gem, String group) {
        this.gem = gem;
        this.group = group;
        this.ownPackagePath = group.replace('.', '/') + "/";
    }

    /** Runs every check; the plugin class is named by the Ruby stub, as Logstash finds it. */
    public List<String> run() throws IOException {
        String name = gem.name();
        String version = gem.version();
        if (name == null || version == null) {
            problems.add("gemspec lacks name or version: name=" + name + " version=" + version);
            return problems;
        }
        String[] parts = name.split("-", 3);
        if (parts.length != 3 || !parts[0].equals("logstash")) {
            problems.add("gem name '" + name + "' is not logstash-<type>-<name>");
            return problems;
        }
        String type = parts[1];
        String pluginName = parts[2];
        checkMetadata(type);
        String jar = checkSingleJar(name, version);
        String javaClass = checkRubyStub(type, pluginName);
        checkJarsLoader(name, version, jar);
        if (jar != null) {
            byte[] jarBytes = gem.file(jar);
            checkJarContents(jarBytes);
            if (javaClass != null) {
                checkPluginClass(jarBytes, javaClass, type, pluginName);
            }
        }
        return problems;
    }

    /** Throws an AssertionError listing every problem, if there is any. */
    public void assertValid() throws IOException {
        List<String> found = run();
        if (!found.isEmpty()) {
            throw new AssertionError(gem.path() + " would not load in Logstash:\n - " + String.join("\n - ", found));
        }
    }

    private void checkMetadata(String type) {
        expect("true".equals(gem.metadata().get("logstash_plugin")), "metadata logstash_plugin is not 'true': "
                + gem.metadata());
        expect("true".equals(gem.metadata().get("java_plugin")), "metadata java_plugin is not 'true': "
                + gem.metadata());
        expect(type.equals(gem.metadata().get("logstash_group")), "metadata logstash_group is not '" + type + "': "
                + gem.metadata());
        expect("java".equals(gem.platform()), "platform is '" + gem.platform() + "', expected 'java'");
        expect(gem.requirePaths().contains("lib") && gem.requirePaths().contains("vendor/jar-dependencies"),
                "require_paths " + gem.requirePaths() + " must be lib and vendor/jar-dependencies");
        expect(gem.file("VERSION") != null && gem.text("VERSION").trim().equals(gem.version()),
                "VERSION file missing or not equal to the gem version " + gem.version());
    }

    private String checkSingleJar(String name, String version) {
        List<String> jars = gem.jarsOnRequirePaths();
        String expectedSuffix = name + "-" + version + ".jar";
        if (jars.size() != 1 || !jars.get(0).endsWith("/" + expectedSuffix)) {
            problems.add("Logstash needs exactly one jar named " + expectedSuffix + " on the require paths, found "
                    + jars);
            return null;
        }
        return jars.get(0);
    }

    private String checkRubyStub(String type, String pluginName) {
        String stubPath = "lib/logstash/" + type + "s/" + pluginName + ".rb";
        String stub = gem.text(stubPath);
        if (stub == null) {
            problems.add("Ruby stub " + stubPath + " is missing (Logstash requires it by the plugin name)");
            return null;
        }
        expect(stub.contains("config_name \"" + pluginName + "\""), stubPath + " does not declare config_name \""
                + pluginName + "\"");
        expect(stub.contains("require \"" + gem.name() + "_jars\""), stubPath + " does not require the _jars file");
        int at = stub.indexOf("Java::");
        int end = stub.indexOf(".java_class", Math.max(at, 0));
        if (at < 0 || end < 0) {
            problems.add(stubPath + " has no javaClass returning Java::<class>.java_class");
            return null;
        }
        return stub.substring(at + "Java::".length(), end);
    }

    private void checkJarsLoader(String name, String version, String jar) {
        String loaderPath = "lib/" + name + "_jars.rb";
        String loader = gem.text(loaderPath);
        if (loader == null) {
            problems.add(loaderPath + " is missing");
            return;
        }
        String call = "require_jar('" + group + "', '" + name + "', '" + version + "')";
        expect(loader.contains(call), loaderPath + " does not contain " + call);
        // jar-dependencies resolves require_jar(group, artifact, version) to this path on the load path.
        String resolved = "vendor/jar-dependencies/" + group.replace('.', '/') + "/" + name + "/" + version + "/"
                + name + "-" + version + ".jar";
        expect(resolved.equals(jar), "require_jar resolves to " + resolved + " but the jar is at " + jar);
    }

    private void checkJarContents(byte[] jarBytes) throws IOException {
        for (String entry : jarEntries(jarBytes)) {
            for (String forbidden : FORBIDDEN_IN_JAR) {
                if (entry.startsWith(forbidden)) {
                    problems.add("jar contains " + entry + " (Logstash provides " + forbidden + " itself)");
                }
            }
            if (entry.endsWith(".class") && !entry.startsWith(ownPackagePath) && !entry.startsWith("META-INF/")) {
                problems.add("jar contains " + entry + " outside " + ownPackagePath
                        + " (third-party classes must be relocated: Logstash loads plugins parent-first)");
            }
        }
    }

    /**
     * Loads the plugin from the jar the way Logstash does: the jar in a loader whose parent offers only the plugin
     * API and log4j (Logstash's own class path), so a class that depends on anything not shaded in fails here.
     */
    private void checkPluginClass(byte[] jarBytes, String className, String type, String pluginName)
            throws IOException {
        Path tmp = Files.createTempFile("plugin-", ".jar");
        try {
            Files.write(tmp, jarBytes);
            ClassLoader logstashCore = new URLClassLoader(new URL[]{location(LogstashPlugin.class),
                    location(Logger.class)}, ClassLoader.getPlatformClassLoader());
            try (URLClassLoader pluginLoader = new URLClassLoader(new URL[]{tmp.toUri().toURL()}, logstashCore)) {
                Class<?> pluginClass;
                try {
                    pluginClass = Class.forName(className, false, pluginLoader);
                } catch (ClassNotFoundException e) {
                    problems.add("Ruby stub names " + className + " but the jar has no such class");
                    return;
                }
                checkAnnotation(pluginClass, logstashCore, pluginName);
                checkShape(pluginClass, logstashCore, type);
                for (String entry : jarEntries(jarBytes)) {
                    if (entry.endsWith(".class") && !entry.contains("module-info")) {
                        String cn = entry.substring(0, entry.length() - 6).replace('/', '.');
                        try {
                            Class.forName(cn, false, pluginLoader);
                        } catch (ClassNotFoundException | LinkageError e) {
                            problems.add("class " + cn + " from the jar does not load on Logstash's class path: " + e);
                        }
                    }
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void checkAnnotation(Class<?> pluginClass, ClassLoader logstashCore, String pluginName) {
        try {
            @SuppressWarnings("unchecked")
            Class<? extends Annotation> annotationType = (Class<? extends Annotation>)
                    Class.forName(LogstashPlugin.class.getName(), false, logstashCore);
            Annotation annotation = pluginClass.getDeclaredAnnotation(annotationType);
            if (annotation == null) {
                problems.add(pluginClass.getName() + " has no runtime-visible @LogstashPlugin");
                return;
            }
            Method nameMethod = annotationType.getMethod("name");
            String declared = (String) nameMethod.invoke(annotation);
            expect(pluginName.equals(declared), "@LogstashPlugin(name=\"" + declared + "\") but the gem is named for '"
                    + pluginName + "'");
            expect(declared.replace("_", "").equalsIgnoreCase(pluginClass.getSimpleName()),
                    "class simple name " + pluginClass.getSimpleName() + " does not match plugin name '" + declared
                            + "' (Logstash compares them lower-cased, without underscores)");
        } catch (ReflectiveOperationException e) {
            problems.add("cannot read @LogstashPlugin of " + pluginClass.getName() + ": " + e);
        }
    }

    private void checkShape(Class<?> pluginClass, ClassLoader logstashCore, String type) {
        try {
            Class<?> api = Class.forName(type.equals("input") ? Input.class.getName() : Filter.class.getName(), false,
                    logstashCore);
            expect(api.isAssignableFrom(pluginClass), pluginClass.getName() + " does not implement " + api.getName());
            Class<?> configuration = Class.forName(Configuration.class.getName(), false, logstashCore);
            Class<?> context = Class.forName(Context.class.getName(), false, logstashCore);
            pluginClass.getConstructor(String.class, configuration, context);
        } catch (NoSuchMethodException e) {
            problems.add(pluginClass.getName() + " lacks the public (String, Configuration, Context) constructor");
        } catch (ReflectiveOperationException | LinkageError e) {
            problems.add("cannot inspect " + pluginClass.getName() + ": " + e);
        }
    }

    private static List<String> jarEntries(byte[] jarBytes) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jarBytes))) {
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                if (!e.isDirectory()) {
                    names.add(e.getName());
                }
            }
        }
        return names;
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    private void expect(boolean condition, String problem) {
        if (!condition) {
            problems.add(problem);
        }
    }
}
