package io.cablecluster.testkit;

import io.cablecluster.core.NodeRuntime;
import io.vertx.core.Future;
import java.util.Map;

/**
 * Starts a node in this JVM from flags (name → value, as on the command line without dashes). The
 * testkit cannot name {@code CableNode} (node's tests depend on the testkit), so callers pass e.g.
 * {@code flags -> CableNode.start(Settings.of(flags))}.
 */
@FunctionalInterface
public interface NodeLauncher {
  Future<NodeRuntime> start(Map<String, String> flags);
}
