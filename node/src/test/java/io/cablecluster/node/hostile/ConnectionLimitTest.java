package io.cablecluster.node.hostile;

import static io.cablecluster.node.hostile.ConnectionTimeoutsTest.closedByServer;
import static io.cablecluster.node.hostile.ConnectionTimeoutsTest.open;
import static io.cablecluster.node.hostile.HostileChecks.awaitMetric;
import static io.cablecluster.node.hostile.HostileChecks.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableNodeExtension;
import io.cablecluster.testkit.FreePorts;
import io.cablecluster.testkit.Identifiers;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile-input row 3, second half: {@code max_conn} counted Action Cable sessions only, so sockets that never
 * upgraded (and {@code /ws} listeners) were unlimited and one host could exhaust the node's file descriptors. Now
 * it counts accepted TCP connections per port, as AnyCable-Go's LimitListener does, and one over the limit is
 * closed at accept (an event loop cannot leave it waiting in the accept queue as Go's listener does).
 */
class ConnectionLimitTest {
  static final int MAX_CONN = 10;
  static final int BROADCAST_PORT = FreePorts.one();
  static final Duration BOUND = Duration.ofSeconds(5);
  // Broadcasts on their own port (its own count), so the test's POSTs never take one of the main port's slots;
  // a long header timeout so the held idle sockets stay until the test lets them go.
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("public", "true",
      "http_broadcast_port", String.valueOf(BROADCAST_PORT), "max_conn", String.valueOf(MAX_CONN),
      "read_header_timeout", "60"));
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(BOUND).build();

  private static void broadcast(String stream, int value) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + BROADCAST_PORT + "/_broadcast")).timeout(BOUND)
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("stream", stream)
            .put("data", String.valueOf(value)).encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, response.statusCode(), response.body());
  }

  @Test
  @DisplayName("Verifies that max_conn (10) counts TCP connections: with a /cable client, a /ws listener and 8 idle sockets held, more sockets and /cable and /ws handshakes are closed at accept, counted in conn_limit_refused_total with one log line, the /cable client keeps receiving, and a freed slot serves again")
  void maxConnCountsEveryAcceptedSocket() throws Exception {
    double before = metric(cable.node(), "conn_limit_refused_total");
    List<Socket> held = new ArrayList<>();
    WebSocketClient webSockets = cable.node().vertx().createWebSocketClient();
    WebSocketConnectOptions ws = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(cable.node().port())
        .setURI("/ws");
    try (LogCapture log = new LogCapture(); CableClient bystander = cable.node().welcomed()) {
      bystander.subscribe(Identifiers.pubsub("limit/bystander"));
      assertEquals(Identifiers.confirmation(Identifiers.pubsub("limit/bystander")), bystander.receive());
      WebSocket listener = Await.result(webSockets.connect(ws), BOUND);
      for (int i = 0; i < MAX_CONN - 2; i++) {
        held.add(open(cable.node().port()));
      }
      awaitMetric(cable.node(), "http_connections_num", MAX_CONN);

      List<Socket> refused = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        refused.add(open(cable.node().port()));
      }
      for (Socket socket : refused) {
        assertTrue(closedByServer(socket, Duration.ofSeconds(2)), "a socket over max_conn is closed at once");
        socket.close();
      }
      assertThrows(AssertionError.class, () -> cable.node().connect(), "a /cable handshake over the limit");
      // Bounded: a client whose socket is closed right at accept may otherwise wait for an answer that never
      // comes; what the node did is checked by the refusal count below.
      assertTrue(Await.failure(webSockets.connect(new WebSocketConnectOptions(ws).setIdleTimeout(2000)), BOUND) != null,
          "a /ws handshake over the limit");
      awaitMetric(cable.node(), "conn_limit_refused_total", before + 22);
      assertEquals(MAX_CONN, metric(cable.node(), "http_connections_num"));

      broadcast("limit/bystander", 1);
      assertEquals(Identifiers.message(Identifiers.pubsub("limit/bystander"), 1), bystander.receive(BOUND));
      assertFalse(bystander.isClosed());

      // The gauge counts every port: the broadcast port's kept-alive connection is in it now.
      double open = metric(cable.node(), "http_connections_num");
      held.remove(0).close();
      awaitMetric(cable.node(), "http_connections_num", open - 1);
      try (CableClient late = cable.node().welcomed()) {
        late.subscribe(Identifiers.pubsub("limit/bystander"));
        assertEquals(Identifiers.confirmation(Identifiers.pubsub("limit/bystander")), late.receive());
        broadcast("limit/bystander", 2);
        assertEquals(Identifiers.message(Identifiers.pubsub("limit/bystander"), 2), late.receive(BOUND));
        assertEquals(Identifiers.message(Identifiers.pubsub("limit/bystander"), 2), bystander.receive(BOUND));
      }
      listener.close();

      List<LogRecord> lines = log.records().stream()
          .filter(r -> String.valueOf(r.getMessage()).contains("max_conn")).toList();
      assertTrue(lines.size() <= 1, "at most one line for 22 refusals:\n" + log.describe());
      assertTrue(log.records().stream().allMatch(r -> r.getThrown() == null), "no stack trace:\n" + log.describe());
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
      Await.result(webSockets.close());
    }
  }
}
