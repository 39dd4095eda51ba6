package io.cablecluster.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.FreePorts;
import io.cablecluster.testkit.NodeJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM's own class-loading log is the witness: with {@code cluster=none} not one Hazelcast class (nor
 * Vert.x's Hazelcast cluster manager) is loaded, while the same check on a clustered node does see them.
 */
class StandaloneNodeLoadsNoHazelcastTest {

  @Test
  @DisplayName("Verifies that node with cluster none never loads a Hazelcast class")
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void nodeWithClusterNoneNeverLoadsAHazelcastClass(@TempDir Path dir) throws Exception {
    List<String> loaded = classesLoadedWhileServing(dir, "standalone", Map.of("CABLE_CLUSTER", "none"));
    List<String> hazelcast = loaded.stream().filter(StandaloneNodeLoadsNoHazelcastTest::isHazelcast).toList();
    assertTrue(loaded.size() > 1000, "the class-load log looks incomplete: " + loaded.size() + " classes");
    assertEquals(List.of(), hazelcast);
  }

  @Test
  @DisplayName("Verifies that the same check sees Hazelcast on a clustered node")
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theSameCheckSeesHazelcastOnAClusteredNode(@TempDir Path dir) throws Exception {
    Map<String, String> env = Map.of(
        "CABLE_CLUSTER", "local",
        "CABLE_CLUSTER_NAME", "classload-" + ProcessHandle.current().pid(),
        "CABLE_CLUSTER_PORT", Integer.toString(FreePorts.hazelcastBlock(2)),
        "CABLE_CLUSTER_PORT_COUNT", "2");
    List<String> loaded = classesLoadedWhileServing(dir, "clustered", env);
    assertTrue(loaded.stream().anyMatch(c -> c.startsWith("com.hazelcast.instance.impl.HazelcastInstanceImpl")),
        "a clustered node should load Hazelcast");
  }

  private static List<String> classesLoadedWhileServing(Path dir, String name, Map<String, String> env)
      throws Exception {
    Path classLog = dir.resolve(name + "-classes.log");
    try (NodeJvm node = NodeJvm.start(name, dir, env,
        List.of("-Xlog:class+load=info:file=" + classLog + ":none"))) {
      node.awaitHealthy(Duration.ofSeconds(90));
      int exit = node.terminate(Duration.ofSeconds(60));
      assertTrue(exit == 0 || exit == 143, "exit " + exit + " after SIGTERM\n" + node.tail());
    }
    return Files.readAllLines(classLog).stream()
        .map(line -> line.contains(" source:") ? line.substring(0, line.indexOf(" source:")) : line)
        .map(String::trim)
        .toList();
  }

  private static boolean isHazelcast(String className) {
    return className.startsWith("com.hazelcast.") || className.startsWith("io.vertx.spi.cluster.hazelcast.");
  }
}
