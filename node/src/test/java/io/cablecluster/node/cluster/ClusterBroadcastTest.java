package io.cablecluster.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.Identifiers;
import io.cablecluster.testkit.NodeJvm;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node JVMs in one local cluster, clients on real WebSockets. One cluster serves the whole class (a
 * start costs ~15 s); the scenarios run in order because the later ones kill and stop nodes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterBroadcastTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir
  static Path dir;
  private static LocalCluster cluster;
  private final List<CableClient> clients = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalCluster.start(dir, 3, "--public", "--shutdown_timeout", "10");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @org.junit.jupiter.api.AfterEach
  void closeClients() {
    clients.forEach(CableClient::close);
  }

  private CableClient client(NodeJvm node, String stream) throws Exception {
    CableClient client = cluster.client(node, node.name() + "#" + clients.size());
    clients.add(client);
    if (stream != null) {
      client.subscribeAwaiting(Identifiers.pubsub(stream), WAIT);
    }
    return client;
  }

  private static void post(NodeJvm node, String stream, int from, int to) throws Exception {
    for (int n = from; n < to; n++) {
      assertEquals(201, node.broadcast(stream, new JsonObject().put("n", n).encode()), "broadcast " + n);
    }
  }

  private static void assertReceivedInOrder(CableClient client, String stream, int from, int to) throws Exception {
    List<Integer> got = client.messages(Identifiers.pubsub(stream), to - from, WAIT).stream().map(m -> m.getInteger("n")).toList();
    assertEquals(IntStream.range(from, to).boxed().toList(), got);
  }

  @Test
  @DisplayName("Verifies that broadcast posted to node 1 reaches clients on nodes 2 and 3 in order exactly once")
  @Order(1)
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void broadcastPostedToNode1ReachesClientsOnNodes2And3InOrderExactlyOnce() throws Exception {
    String stream = "order";
    List<CableClient> remote = List.of(client(cluster.node(2), stream), client(cluster.node(2), stream),
        client(cluster.node(3), stream), client(cluster.node(3), stream));
    CableClient local = client(cluster.node(1), stream);
    post(cluster.node(1), stream, 0, 300);
    for (CableClient client : remote) {
      assertReceivedInOrder(client, stream, 0, 300);
    }
    assertReceivedInOrder(local, stream, 0, 300);
    for (CableClient client : remote) {
      assertEquals(List.of(), client.drain(Duration.ofMillis(300)), "nothing delivered twice");
    }
  }

  @Test
  @DisplayName("Verifies that a stream is reachable from another node as soon as its subscription is confirmed")
  @Order(2)
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aStreamIsReachableFromAnotherNodeAsSoonAsItsSubscriptionIsConfirmed() throws Exception {
    CableClient subscriber = client(cluster.node(2), null);
    for (int i = 0; i < 100; i++) {
      String stream = "fresh-" + i;
      subscriber.subscribeAwaiting(Identifiers.pubsub(stream), WAIT);
      post(cluster.node(3), stream, i, i + 1);
      assertReceivedInOrder(subscriber, stream, i, i + 1);
    }
  }

  @Test
  @DisplayName("Verifies that killed node leaves the others delivering its clients move and it rejoins")
  @Order(3)
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void killedNodeLeavesTheOthersDeliveringItsClientsMoveAndItRejoins() throws Exception {
    String stream = "survivors";
    CableClient onNode1 = client(cluster.node(1), stream);
    CableClient onNode2 = client(cluster.node(2), stream);
    List<CableClient> onNode3 = List.of(client(cluster.node(3), stream), client(cluster.node(3), stream));

    cluster.node(3).kill();
    post(cluster.node(1), stream, 0, 50);
    assertReceivedInOrder(onNode1, stream, 0, 50);
    assertReceivedInOrder(onNode2, stream, 0, 50);

    List<CableClient> moved = new ArrayList<>();
    for (int i = 0; i < onNode3.size(); i++) {
      onNode3.get(i).awaitClose(WAIT);
      moved.add(client(cluster.node(1 + i % 2), stream));
    }
    post(cluster.node(2), stream, 50, 100);
    for (CableClient client : List.of(onNode1, onNode2, moved.get(0), moved.get(1))) {
      assertReceivedInOrder(client, stream, 50, 100);
    }

    cluster.node(3).restart();
    cluster.node(3).awaitHealthy(Duration.ofSeconds(90));
    cluster.awaitMembers(3, Duration.ofSeconds(60));
    CableClient rejoined = client(cluster.node(3), stream);
    post(cluster.node(1), stream, 100, 150);
    for (CableClient client : List.of(rejoined, onNode1, onNode2, moved.get(0), moved.get(1))) {
      assertReceivedInOrder(client, stream, 100, 150);
    }
  }

  @Test
  @DisplayName("Verifies that graceful shutdown sends server restart disconnect to every client")
  @Order(4)
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void gracefulShutdownSendsServerRestartDisconnectToEveryClient() throws Exception {
    String stream = "restart";
    List<CableClient> draining = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      draining.add(client(cluster.node(2), i % 2 == 0 ? stream : null));
    }
    CableClient staying = client(cluster.node(1), stream);

    int exit = cluster.node(2).terminate(Duration.ofSeconds(40));
    assertTrue(exit == 0 || exit == 143, "exit " + exit + "\n" + cluster.node(2).tail());
    JsonObject expected = new JsonObject().put("type", "disconnect").put("reason", "server_restart")
        .put("reconnect", true);
    for (CableClient client : draining) {
      assertEquals(expected, client.receive(WAIT));
      client.awaitClose(WAIT);
    }
    post(cluster.node(3), stream, 0, 20);
    assertReceivedInOrder(staying, stream, 0, 20);
    cluster.awaitMembers(2, Duration.ofSeconds(30));
  }
}
