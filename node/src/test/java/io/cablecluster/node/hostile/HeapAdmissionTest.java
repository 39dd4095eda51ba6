package io.cablecluster.node.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.cablecluster.testkit.Identifiers;
import io.cablecluster.testkit.NodeJvm;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
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
 * Hostile-input row 7, the heap: a node filled close to its heap (here by history a backend may legitimately
 * post) refuses new connections with 503 instead of accepting the one that runs it out of memory and drops
 * every client at once; the clients it holds keep being served, and it admits again once memory is freed.
 * A node JVM with a small heap, filled with 40 broadcasts of 900 KB kept as history for 2 s.
 */
class HeapAdmissionTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final String BIG = "x".repeat(900_000);

  @Test
  @DisplayName("Verifies that over max_heap_usage after a collection new WebSocket handshakes get 503 (heap_refused_total), held clients keep receiving, and handshakes are admitted again once the history expired")
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void aFullHeapRefusesNewConnectionsAndRecovers(@TempDir Path dir) throws Exception {
    NodeJvm node = NodeJvm.start("heap", dir, Map.of(), List.of("-Xmx128m"), "--public", "--broker", "memory",
        "--history_ttl", "2", "--history_max_node_bytes", "100000000", "--max_heap_usage", "40",
        "--metrics_http", "/metrics");
    Vertx vertx = Vertx.vertx();
    WebSocketClient webSockets = vertx.createWebSocketClient();
    try {
      node.awaitHealthy(Duration.ofSeconds(60));
      String id = Identifiers.pubsub("heap/held");
      CableClient held = CableClient.welcomed(vertx, node.port(), new CableClientOptions().label("held"));
      held.subscribe(id);
      assertEquals(Identifiers.confirmation(id), held.receive());

      // Vert.x's client (TCP_NODELAY): the JDK's HttpClient takes seconds per 900 KB body against the node's
      // small receive buffer (Nagle and delayed ACKs), which is not what this test is about.
      HttpClient http = vertx.createHttpClient();
      for (int i = 0; i < 40; i++) {
        String body = new JsonObject().put("stream", "heap/fill-" + i).put("data", BIG).encode();
        int status = Await.result(http.request(HttpMethod.POST, node.port(), "127.0.0.1", "/_broadcast")
            .compose(request -> request.send(body)).map(HttpClientResponse::statusCode), BOUND);
        assertEquals(201, status, "broadcast " + i);
      }
      collect(node);
      assertEquals(503, refusal(webSockets, node), "a handshake while the heap is over the bound");
      assertTrue(node.metric("anycable_go_heap_refused_total") >= 1);

      assertEquals(201, node.broadcast("heap/held", "1"));
      JsonObject served = held.receive(BOUND);
      assertEquals(id, served.getString("identifier"), "a held client is still served: " + served);
      assertEquals(1, served.getInteger("message"));

      // The history expires after 2 s and the sweep drops it; after a collection the node admits again.
      node.awaitCondition(Duration.ofSeconds(30), "a handshake admitted after the history expired", () -> {
        collect(node);
        return refusal(webSockets, node) == 0;
      });
      held.close();
    } finally {
      Await.result(webSockets.close());
      Await.result(vertx.close());
      node.close();
    }
  }

  /** A full collection in the node, so the old generation's usage after a collection is current. */
  private static void collect(NodeJvm node) {
    HostileChecks.jcmd(node, "GC.run");
  }

  /** 0 when a /cable handshake is accepted (the socket is closed again), else the status it was refused with. */
  private static int refusal(WebSocketClient webSockets, NodeJvm node) {
    Future<WebSocket> attempt = webSockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(node.port()).setURI("/cable").addSubProtocol(CableClient.PLAIN));
    try {
      WebSocket socket = Await.result(attempt, BOUND);
      Await.result(socket.close(), BOUND);
      return 0;
    } catch (AssertionError | RuntimeException failed) {
      Throwable cause = attempt.cause();
      return assertInstanceOf(UpgradeRejectedException.class, cause, "refused otherwise: " + cause).getStatus();
    }
  }
}
