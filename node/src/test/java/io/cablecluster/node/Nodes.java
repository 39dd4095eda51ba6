package io.cablecluster.node;

import io.cablecluster.core.config.Settings;
import io.cablecluster.testkit.CableNodeExtension;
import io.cablecluster.testkit.InProcessNode;
import io.cablecluster.testkit.NodeLauncher;
import java.util.Map;

/** How node's tests start a node in-process: the same path as the command line, through the testkit. */
public final class Nodes {
  public static final NodeLauncher LAUNCHER = flags -> CableNode.start(Settings.of(flags));

  private Nodes() {
  }

  /** One node per test class, with {@code flags} on top of the testkit's defaults. */
  public static CableNodeExtension perClass(Map<String, String> flags) {
    return CableNodeExtension.inProcess(LAUNCHER, flags);
  }

  /** A node for one test, closed by the caller. */
  public static InProcessNode start(Map<String, String> flags) {
    return InProcessNode.start(LAUNCHER, flags);
  }
}
