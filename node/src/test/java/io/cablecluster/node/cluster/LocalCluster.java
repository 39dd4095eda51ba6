package io.cablecluster.node.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * N nodes in separate JVMs with {@code CABLE_CLUSTER=local} on a private Hazelcast port block and a
 * private cluster name, so concurrent test runs on the same machine never merge.
 */
final class LocalCluster implements AutoCloseable {
  private static final Pattern MEMBERS = Pattern.compile("Members \\{size:(\\d+), ver:\\d+}");
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final Path dir;
  private final Map<String, String> env;

  private LocalCluster(Path dir, Map<String, String> env) {
    this.dir = dir;
    this.env = env;
  }

  static LocalCluster start(Path dir, int size, String... args) throws Exception {
    int nodesPlusSpare = size + 2;
    Map<String, String> env = Map.of(
        "CABLE_CLUSTER", "local",
        "CABLE_CLUSTER_NAME", "test-" + UUID.randomUUID(),
        "CABLE_CLUSTER_PORT", Integer.toString(FreePorts.hazelcastBlock(nodesPlusSpare)),
        "CABLE_CLUSTER_PORT_COUNT", Integer.toString(nodesPlusSpare));
    LocalCluster cluster = new LocalCluster(dir, env);
    try {
      for (int i = 1; i <= size; i++) {
        cluster.nodes.add(NodeProcess.start("node" + i, dir, env, List.of(), args));
      }
      for (NodeProcess node : cluster.nodes) {
        node.awaitHealthy(Duration.ofSeconds(90));
      }
      cluster.awaitMembers(size, Duration.ofSeconds(60));
    } catch (Exception | AssertionError e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  NodeProcess node(int oneBased) {
    return nodes.get(oneBased - 1);
  }

  List<NodeProcess> nodes() {
    return nodes;
  }

  /** Every running node's latest Hazelcast member list has {@code size} members. */
  void awaitMembers(int size, Duration timeout) throws Exception {
    for (NodeProcess node : nodes) {
      if (node.alive()) {
        node.awaitOutput(timeout, out -> lastMemberCount(out) == size, "a cluster of " + size + " members");
      }
    }
  }

  static int lastMemberCount(String output) {
    Matcher matcher = MEMBERS.matcher(output);
    int last = -1;
    while (matcher.find()) {
      last = Integer.parseInt(matcher.group(1));
    }
    return last;
  }

  Map<String, String> env() {
    return env;
  }

  Path dir() {
    return dir;
  }

  @Override
  public void close() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }
}
