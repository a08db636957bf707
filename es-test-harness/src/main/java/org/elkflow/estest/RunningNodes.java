package org.elkflow.estest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every node this JVM has created and not yet closed, with one JVM shutdown hook that stops them: the last
 * resort when a test forgets to close a node or the JVM is asked to exit early. (A JVM killed with SIGKILL runs
 * no hooks; each running node's orphan guard covers that case.)
 */
final class RunningNodes {

    private static final Set<EsNode> NODES = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private RunningNodes() {
    }

    static void register(EsNode node) {
        installHook();
        NODES.add(node);
    }

    static void unregister(EsNode node) {
        NODES.remove(node);
    }

    private static synchronized void installHook() {
        if (hookInstalled) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<EsNode> left = new ArrayList<>(NODES);
            if (!left.isEmpty()) {
                System.err.println("[elkflow-es] shutdown hook: stopping " + left.size() + " node(s) left running");
            }
            left.parallelStream().forEach(EsNode::closeFromShutdownHook);
        }, "elkflow-es-shutdown"));
        hookInstalled = true;
    }
}
