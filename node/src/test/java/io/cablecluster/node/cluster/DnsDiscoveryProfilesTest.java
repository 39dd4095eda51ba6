package io.cablecluster.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.cablecluster.testkit.FreePorts;
import io.cablecluster.testkit.Identifiers;
import io.cablecluster.testkit.NodeJvm;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container profiles find members through DNS. "localhost" stands in for the compose service name and
 * for the Kubernetes headless service: it resolves to 127.0.0.1, so two JVMs prove the discovery path with
 * loopback traffic only (Hazelcast's Kubernetes discovery in DNS_LOOKUP mode needs no API server). A
 * broadcast then crosses between them, with the event-bus address left to the defaults containers use.
 */
class DnsDiscoveryProfilesTest {

  @Test
  @DisplayName("Verifies that kubernetes profile joins through the headless service DNS name")
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void kubernetesProfileJoinsThroughTheHeadlessServiceDnsName(@TempDir Path dir) throws Exception {
    int base = FreePorts.hazelcastBlock(2);
    Map<String, String> shared = Map.of(
        "CABLE_CLUSTER", "kubernetes",
        "CABLE_CLUSTER_SERVICE_DNS", "localhost",
        "CABLE_CLUSTER_SERVICE_PORT", Integer.toString(base));
    assertTwoNodesJoin(dir, shared, base);
  }

  @Test
  @DisplayName("Verifies that docker profile joins through the compose service DNS name")
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void dockerProfileJoinsThroughTheComposeServiceDnsName(@TempDir Path dir) throws Exception {
    int base = FreePorts.hazelcastBlock(2);
    Map<String, String> shared = Map.of(
        "CABLE_CLUSTER", "docker",
        "CABLE_CLUSTER_MEMBERS", "localhost:" + base);
    assertTwoNodesJoin(dir, shared, base);
  }

  private static void assertTwoNodesJoin(Path dir, Map<String, String> shared, int base) throws Exception {
    String clusterName = "dns-" + UUID.randomUUID();
    try (NodeJvm first = NodeJvm.start("first", dir, env(shared, clusterName, base), List.of(),
        "--public")) {
      first.awaitHealthy(Duration.ofSeconds(90));
      try (NodeJvm second = NodeJvm.start("second", dir, env(shared, clusterName, base + 1), List.of(),
          "--public")) {
        second.awaitHealthy(Duration.ofSeconds(90));
        second.awaitOutput(Duration.ofSeconds(60), out -> LocalCluster.lastMemberCount(out) == 2, "2 members");
        first.awaitOutput(Duration.ofSeconds(60), out -> LocalCluster.lastMemberCount(out) == 2, "2 members");
        // The event bus took its host from Hazelcast (no eventbus_host given): messages must cross.
        Vertx vertx = Vertx.vertx();
        try (CableClient client = CableClient.welcomed(vertx, second.port(), new CableClientOptions().label("second"))) {
          client.subscribeAwaiting(Identifiers.pubsub("across"), Duration.ofSeconds(20));
          assertEquals(201, first.broadcast("across", "{\"n\":1}"));
          assertEquals(List.of(new JsonObject().put("n", 1)), client.messages(Identifiers.pubsub("across"), 1, Duration.ofSeconds(20)));
        } finally {
          Await.result(vertx.close());
        }
      }
    }
  }

  private static Map<String, String> env(Map<String, String> shared, String clusterName, int hazelcastPort) {
    Map<String, String> env = new java.util.HashMap<>(shared);
    env.put("CABLE_CLUSTER_NAME", clusterName);
    env.put("CABLE_CLUSTER_PORT", Integer.toString(hazelcastPort));
    env.put("CABLE_CLUSTER_PORT_COUNT", "1");
    env.put("CABLE_CLUSTER_INTERFACE", "127.0.0.1");
    return env;
  }
}
