package io.cablecluster.node.cluster;

import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.cablecluster.testkit.FreePorts;
import io.cablecluster.testkit.NodeJvm;
import io.vertx.core.Vertx;
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
 * private cluster name, so concurrent test runs on the same machine never merge. Clients of the nodes share
 * one client-side Vert.x, closed with the cluster.
 */
final class LocalCluster implements AutoCloseable {
  private static final Pattern MEMBERS = Pattern.compile("Members \\{size:(\\d+), ver:\\d+}");
  private final List<NodeJvm> nodes = new ArrayList<>();
  private final Path dir;
  private final Map<String, String> env;
  private final String[] args;
  private final Vertx clients = Vertx.vertx();

  private LocalCluster(Path dir, Map<String, String> env, String[] args) {
    this.dir = dir;
    this.env = env;
    this.args = args.clone();
  }

  static LocalCluster start(Path dir, int size, String... args) throws Exception {
    int nodesPlusSpare = size + 2;
    Map<String, String> env = Map.of(
        "CABLE_CLUSTER", "local",
        "CABLE_CLUSTER_NAME", "test-" + UUID.randomUUID(),
        "CABLE_CLUSTER_PORT", Integer.toString(FreePorts.hazelcastBlock(nodesPlusSpare)),
        "CABLE_CLUSTER_PORT_COUNT", Integer.toString(nodesPlusSpare));
    LocalCluster cluster = new LocalCluster(dir, env, args);
    try {
      for (int i = 1; i <= size; i++) {
        cluster.nodes.add(NodeJvm.start("node" + i, dir, env, List.of(), args));
      }
      for (NodeJvm node : cluster.nodes) {
        node.awaitHealthy(Duration.ofSeconds(90));
      }
      cluster.awaitMembers(size, Duration.ofSeconds(60));
    } catch (Exception | AssertionError e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /**
   * Starts one more node with the cluster's options (the next name, {@code node<N+1>}) and returns it
   * without waiting: the caller awaits its health and the new member count. The port block has room for
   * two nodes beyond the initial size.
   */
  NodeJvm addNode() {
    NodeJvm node = NodeJvm.start("node" + (nodes.size() + 1), dir, env, List.of(), args);
    nodes.add(node);
    return node;
  }

  /** A client on {@code node} that has read its welcome, named {@code label} in failures. */
  CableClient client(NodeJvm node, String label) {
    return CableClient.welcomed(clients, node.port(), new CableClientOptions().label(label));
  }

  NodeJvm node(int oneBased) {
    return nodes.get(oneBased - 1);
  }

  List<NodeJvm> nodes() {
    return nodes;
  }

  /** Every running node's latest Hazelcast member list has {@code size} members. */
  void awaitMembers(int size, Duration timeout) throws Exception {
    for (NodeJvm node : nodes) {
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
  public void close() {
    for (NodeJvm node : nodes) {
      node.close();
    }
    Await.result(clients.close());
  }
}
