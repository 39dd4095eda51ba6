package io.cablecluster.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.Identifiers;
import io.cablecluster.testkit.NodeJvm;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With sparse interest, a stream's home sends its broadcasts only to the nodes that follow it (after the
 * routing window), and its followers still get every message in order.
 */
class ClusterInterestRoutingTest {
  private static final String SERVER_MSG = "anycable_go_broadcast_msg_total";
  private static final int ROUNDS = 40;
  @TempDir
  Path dir;

  @Test
  @DisplayName("Verifies that each node receives only the streams it follows once the home knows its followers")
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void nodesReceiveOnlyTheStreamsTheyFollow() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(dir, 3, "--public", "--broker", "memory",
        "--stream_route_window", "1", "--metrics_http", "/metrics")) {
      String a = Identifiers.pubsub("sparse/a");
      String b = Identifiers.pubsub("sparse/b");
      CableClient onOne = cluster.client(cluster.node(1), "follows a on node 1");
      CableClient onTwo = cluster.client(cluster.node(2), "follows b on node 2");
      onOne.subscribeConfirmed(a);
      onTwo.subscribeConfirmed(b);
      NodeJvm publisher = cluster.node(3);
      // The first message of each stream opens its home's window; it closes a second later.
      assertEquals(201, publisher.broadcast("sparse/a", "{\"n\":0}"));
      assertEquals(201, publisher.broadcast("sparse/b", "{\"n\":0}"));
      onOne.messages(a, 1, Duration.ofSeconds(10));
      onTwo.messages(b, 1, Duration.ofSeconds(10));
      // The window is a span of the home's clock, not an event anything announces: wait it out.
      Thread.sleep(1500);

      double[] before = received(cluster);
      for (int n = 1; n <= ROUNDS; n++) {
        assertEquals(201, publisher.broadcast("sparse/a", "{\"n\":" + n + "}"));
        assertEquals(201, publisher.broadcast("sparse/b", "{\"n\":" + n + "}"));
      }
      List<JsonObject> gotA = onOne.messages(a, ROUNDS, Duration.ofSeconds(20));
      List<JsonObject> gotB = onTwo.messages(b, ROUNDS, Duration.ofSeconds(20));
      double[] after = received(cluster);

      for (int n = 1; n <= ROUNDS; n++) {
        assertEquals(n, gotA.get(n - 1).getInteger("n"));
        assertEquals(n, gotB.get(n - 1).getInteger("n"));
      }
      System.out.printf("ROUTING broadcasts received per node for %d posts of 2 streams: node1=%.0f node2=%.0f"
          + " node3=%.0f (without routing each node receives %d)%n", ROUNDS, after[0] - before[0],
          after[1] - before[1], after[2] - before[2], 2 * ROUNDS);
      assertEquals(ROUNDS, after[0] - before[0], "node 1 follows only sparse/a");
      assertEquals(ROUNDS, after[1] - before[1], "node 2 follows only sparse/b");
      assertEquals(0, after[2] - before[2], "node 3 follows neither");
    }
  }

  private static double[] received(LocalCluster cluster) {
    return new double[] {cluster.node(1).metric(SERVER_MSG), cluster.node(2).metric(SERVER_MSG),
        cluster.node(3).metric(SERVER_MSG)};
  }

}
