package org.elkflow.estest;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EsProcessUserTest {

    private static final List<String> START = List.of("/n/home/bin/elasticsearch", "-d", "-p", "/n/es.pid");

    private static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ES_JAVA_HOME", "/jdk");
        env.put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
        return env;
    }

    @Test
    void rootRunsElasticsearchAsTheSystemUserViaRunuser() {
        EsProcessUser user = EsProcessUser.of("root", "elkflow-es");
        assertTrue(user.switchesUser());
        assertEquals("elkflow-es", user.name());
        assertEquals(List.of("runuser", "-u", "elkflow-es", "--",
                        "env", "ES_JAVA_HOME=/jdk", "ES_JAVA_OPTS=-Xms512m -Xmx512m",
                        "/n/home/bin/elasticsearch", "-d", "-p", "/n/es.pid"),
                user.command(env(), START));
    }

    @Test
    void otherUsersRunElasticsearchDirectly() {
        EsProcessUser user = EsProcessUser.of("alice", "elkflow-es");
        assertFalse(user.switchesUser());
        assertEquals("alice", user.name());
        assertEquals(List.of("env", "ES_JAVA_HOME=/jdk", "ES_JAVA_OPTS=-Xms512m -Xmx512m",
                        "/n/home/bin/elasticsearch", "-d", "-p", "/n/es.pid"),
                user.command(env(), START));
    }

    @Test
    void noEnvironmentMeansNoEnvPrefix() {
        assertEquals(START, EsProcessUser.of("alice", "x").command(Map.of(), START));
        assertEquals(List.of("runuser", "-u", "x", "--", "/n/home/bin/elasticsearch", "-d", "-p", "/n/es.pid"),
                EsProcessUser.of("root", "x").command(Map.of(), START));
    }

    @Test
    void nonRootNeedsNoUserOrOwnershipChanges() {
        EsProcessUser user = EsProcessUser.of("alice", "elkflow-es");
        user.ensureExists(); // no-op: must not call useradd
        user.giveOwnership(java.nio.file.Path.of("/nonexistent")); // no-op: must not call chown
        user.checkReachable(java.nio.file.Path.of("/root/x")); // no-op
    }
}
