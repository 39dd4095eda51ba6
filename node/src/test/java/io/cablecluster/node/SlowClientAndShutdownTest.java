package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.testing.CableTestClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A client that stops reading is cut off; a draining node says goodbye to everyone. */
class SlowClientAndShutdownTest {

  @Test
  void clientThatStopsReadingIsDisconnectedAsTooSlowAndOthersKeepReceiving() throws Exception {
    try (TestNode node = TestNode.start(Map.of("public", "true", "http_broadcast_port", "0",
        "ws_max_pending_size", "65536", "metrics_http", "/metrics"))) {
      String id = new JsonObject().put("channel", "$pubsub").put("stream_name", "firehose").encode();
      try (SilentClient slow = SilentClient.connect(node.port(), "/cable", id);
           CableTestClient fast = node.welcomed("/cable")) {
        fast.subscribe(id);
        assertEquals("confirm_subscription", fast.next().getString("type"));
        String chunk = "x".repeat(60_000);
        for (int i = 0; i < 400 && !node.request(io.vertx.core.http.HttpMethod.GET, "/metrics", null, Map.of())
            .body().contains("anycable_go_disconnected_slow_clients_total 1.0"); i++) {
          node.broadcast(new JsonObject().put("stream", "firehose").put("data", JsonObject.of("i", i, "pad", chunk).encode()).encode(), null);
          fast.next();
        }
        String metrics = node.request(io.vertx.core.http.HttpMethod.GET, "/metrics", null, Map.of()).body();
        assertTrue(metrics.contains("anycable_go_disconnected_slow_clients_total 1.0"), metrics);
        node.broadcast("{\"stream\":\"firehose\",\"data\":\"\\\"after\\\"\"}", null);
        assertEquals("after", fast.next().getString("message"));
      }
    }
  }

  @Test
  void drainingNodeSendsServerRestartToEveryClient() {
    TestNode node = TestNode.start(Map.of("public", "true", "http_broadcast_port", "0"));
    List<CableTestClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        clients.add(node.welcomed("/cable"));
      }
      TestNode.await(node.runtime.stop());
      for (CableTestClient client : clients) {
        assertEquals(new JsonObject().put("type", "disconnect").put("reason", "server_restart").put("reconnect", true),
            client.next());
        CableTestClient.Closed closed = client.awaitClose();
        assertEquals((short) 1001, closed.code());
      }
    } finally {
      clients.forEach(CableTestClient::close);
      TestNode.await(node.clients.close());
    }
  }
}
