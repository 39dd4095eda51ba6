package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.InProcessNode;
import io.cablecluster.testkit.SilentClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A client that stops reading is cut off; a draining node says goodbye to everyone. */
class SlowClientAndShutdownTest {

  @Test
  @DisplayName("Verifies that client that stops reading is disconnected as too slow and others keep receiving")
  void clientThatStopsReadingIsDisconnectedAsTooSlowAndOthersKeepReceiving() throws Exception {
    try (InProcessNode node = Nodes.start(Map.of("public", "true", "http_broadcast_port", "0",
        "ws_max_pending_size", "65536", "metrics_http", "/metrics"))) {
      String id = new JsonObject().put("channel", "$pubsub").put("stream_name", "firehose").encode();
      try (SilentClient slow = SilentClient.connect(node.port(), "/cable", id);
           CableClient fast = node.welcomed("/cable")) {
        fast.subscribe(id);
        assertEquals("confirm_subscription", fast.receive().getString("type"));
        String chunk = "x".repeat(60_000);
        for (int i = 0; i < 400 && !node.request(io.vertx.core.http.HttpMethod.GET, "/metrics", null, Map.of())
            .body().contains("anycable_go_disconnected_slow_clients_total 1.0"); i++) {
          node.broadcast(new JsonObject().put("stream", "firehose").put("data", JsonObject.of("i", i, "pad", chunk).encode()).encode(), null);
          fast.receive();
        }
        String metrics = node.request(io.vertx.core.http.HttpMethod.GET, "/metrics", null, Map.of()).body();
        assertTrue(metrics.contains("anycable_go_disconnected_slow_clients_total 1.0"), metrics);
        node.broadcast("{\"stream\":\"firehose\",\"data\":\"\\\"after\\\"\"}", null);
        assertEquals("after", fast.receive().getString("message"));
      }
    }
  }

  @Test
  @DisplayName("Verifies that draining node sends server restart to every client")
  void drainingNodeSendsServerRestartToEveryClient() {
    InProcessNode node = Nodes.start(Map.of("public", "true", "http_broadcast_port", "0"));
    List<CableClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        clients.add(node.welcomed("/cable"));
      }
      node.stop();
      for (CableClient client : clients) {
        assertEquals(new JsonObject().put("type", "disconnect").put("reason", "server_restart").put("reconnect", true),
            client.receive());
        CableClient.Closed closed = client.awaitClose();
        assertEquals((short) 1001, closed.code());
      }
    } finally {
      clients.forEach(CableClient::close);
      node.close();
    }
  }
}
