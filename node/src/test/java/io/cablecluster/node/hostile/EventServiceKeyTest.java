package io.cablecluster.node.hostile;

import static io.cablecluster.node.hostile.HostileChecks.awaitMetric;
import static io.cablecluster.node.hostile.HostileChecks.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.Secrets;
import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableNodeExtension;
import io.cablecluster.testkit.Identifiers;
import io.cablecluster.testkit.InProcessNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile-input row 1: the {@code /ws} + {@code POST /events/<name>} service was on and open by default, even with
 * {@code --secret}, and {@code /ws} ignored {@code allowed_origins} and {@code max_conn}: anyone could push JSON to
 * every {@code /ws} client and listen to every event. Now it is keyed from the secret (as the broadcast key is),
 * listeners need the listen key, and the HTTP front's Origin check and connection limit apply to {@code /ws} too.
 */
class EventServiceKeyTest {
  static final String SECRET = "events-admission-secret";
  static final String EVENTS_KEY = Secrets.hmacHex(SECRET, "events-cable");
  static final String LISTEN_KEY = Secrets.hmacHex(EVENTS_KEY, "events-listen");
  static final String BROADCAST_KEY = Secrets.hmacHex(SECRET, "broadcast-cable");
  static final String ALLOWED = "http://app.example.com";
  static final Duration BOUND = Duration.ofSeconds(5);

  // --secret without --public: the event service keyed by derivation; $pubsub public streams for the bystander.
  // Vert.x's WebSocket client sends Origin: http://127.0.0.1:<port>, hence that host in the list.
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("secret", SECRET, "noauth", "true",
      "public_streams", "true", "allowed_origins", "app.example.com,127.0.0.1", "metrics_http", "/metrics"));

  private static WebSocketClient webSockets;

  @AfterAll
  static void closeClient() {
    if (webSockets != null) {
      Await.result(webSockets.close());
    }
  }

  /** A listener on the node's client Vert.x; frames land in {@code frames}. Fails with the handshake's answer. */
  private static Future<WebSocket> listen(InProcessNode node, String uri, Map<String, String> headers,
                                          BlockingQueue<String> frames) {
    if (webSockets == null) {
      webSockets = node.vertx().createWebSocketClient();
    }
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port())
        .setURI(uri);
    headers.forEach(options::addHeader);
    Promise<WebSocket> connected = Promise.promise();
    node.vertx().getOrCreateContext().runOnContext(v -> webSockets.connect(options)
        .onSuccess(socket -> socket.textMessageHandler(frames::add))
        .onComplete(connected));
    return connected.future();
  }

  private static int refusedWith(Future<WebSocket> handshake) {
    Throwable failure = Await.failure(handshake, BOUND);
    assertTrue(failure instanceof UpgradeRejectedException, "an HTTP refusal of the upgrade: " + failure);
    return ((UpgradeRejectedException) failure).getStatus();
  }

  private static InProcessNode.Response post(String name, String body, String key) {
    return cable.node().request(HttpMethod.POST, "/events/" + name, body,
        key == null ? Map.of() : Map.of("authorization", "Bearer " + key));
  }

  /** A /cable client on a public stream: what must keep working whatever the attacker does. */
  private static CableClient bystander(String stream) {
    CableClient client = cable.node().welcomed();
    client.subscribe(Identifiers.pubsub(stream));
    assertEquals(Identifiers.confirmation(Identifiers.pubsub(stream)), client.receive());
    return client;
  }

  private static void assertBystanderReceives(CableClient client, String stream, int value) {
    assertEquals(201, cable.node().broadcast(new JsonObject().put("stream", stream).put("data", String.valueOf(value))
        .encode(), BROADCAST_KEY).status());
    assertEquals(Identifiers.message(Identifiers.pubsub(stream), value), client.receive(BOUND));
  }

  @Test
  @DisplayName("Verifies that with --secret a POST without the events key and /ws handshakes without the listen key (none, wrong, the POST key) get 401, counted, one log line, while a keyed listener gets the keyed event and a /cable client keeps receiving")
  void secretKeysTheEventService() throws Exception {
    double before = metric(cable.node(), "ws_events_unauthorized_total");
    List<WebSocket> opened = new ArrayList<>();
    try (LogCapture log = new LogCapture(); CableClient cableClient = bystander("events/bystander")) {
      BlockingQueue<String> stolen = new LinkedBlockingQueue<>();
      assertEquals(401, refusedWith(listen(cable.node(), "/ws", Map.of(), stolen)));
      assertEquals(401, refusedWith(listen(cable.node(), "/ws?key=guess", Map.of(), stolen)));
      assertEquals(401, refusedWith(listen(cable.node(), "/ws?key=" + EVENTS_KEY, Map.of(), stolen)),
          "the POST key is not a listen key");
      assertEquals(401, refusedWith(listen(cable.node(), "/ws", Map.of("authorization", "Bearer nope"), stolen)));
      for (int i = 0; i < 20; i++) {
        assertEquals(401, refusedWith(listen(cable.node(), "/ws?key=flood" + i, Map.of(), stolen)));
      }
      assertEquals(401, post("forged", "{\"x\":1}", null).status());
      assertEquals(401, post("forged", "{\"x\":1}", LISTEN_KEY).status(), "the listen key cannot publish");
      awaitMetric(cable.node(), "ws_events_unauthorized_total", before + 26);

      BlockingQueue<String> byQuery = new LinkedBlockingQueue<>();
      BlockingQueue<String> byHeader = new LinkedBlockingQueue<>();
      opened.add(Await.result(listen(cable.node(), "/ws?key=" + LISTEN_KEY, Map.of(), byQuery), BOUND));
      opened.add(Await.result(listen(cable.node(), "/ws", Map.of("authorization", "Bearer " + LISTEN_KEY), byHeader),
          BOUND));
      awaitMetric(cable.node(), "ws_events_clients", 2);
      assertEquals(202, post("todo-created", "{\"id\":1}", EVENTS_KEY).status());
      String expected = new JsonObject().put("type", "todo:created").put("payload", new JsonObject().put("id", 1))
          .encode();
      assertEquals(expected, byQuery.poll(BOUND.toMillis(), TimeUnit.MILLISECONDS));
      assertEquals(expected, byHeader.poll(BOUND.toMillis(), TimeUnit.MILLISECONDS));
      assertNull(stolen.poll(200, TimeUnit.MILLISECONDS), "no refused socket got anything");
      assertBystanderReceives(cableClient, "events/bystander", 1);

      List<LogRecord> lines = log.records().stream()
          .filter(r -> String.valueOf(r.getMessage()).contains("without the right key")).toList();
      assertTrue(lines.size() <= 1, "at most one line for 26 refusals:\n" + log.describe());
      assertTrue(log.records().stream().allMatch(r -> r.getThrown() == null), "no stack trace:\n" + log.describe());
    } finally {
      opened.forEach(WebSocket::close);
    }
  }

  @Test
  @DisplayName("Verifies that /ws refuses a handshake from an Origin not in allowed_origins with 403, counted in origin_refused_total as on /cable, even with the listen key")
  void wsAppliesAllowedOrigins() {
    double before = metric(cable.node(), "origin_refused_total");
    try (CableClient cableClient = bystander("events/origins")) {
      BlockingQueue<String> frames = new LinkedBlockingQueue<>();
      assertEquals(403, refusedWith(listen(cable.node(), "/ws?key=" + LISTEN_KEY,
          Map.of("origin", "http://evil.test"), frames)));
      Throwable cableRefused = Await.failure(cable.node().vertx().createWebSocketClient().connect(
          new WebSocketConnectOptions().setHost("127.0.0.1").setPort(cable.node().port()).setURI("/cable")
              .addHeader("origin", "http://evil.test")), BOUND);
      assertEquals(403, ((UpgradeRejectedException) cableRefused).getStatus());
      awaitMetric(cable.node(), "origin_refused_total", before + 2);

      WebSocket allowed = Await.result(listen(cable.node(), "/ws?key=" + LISTEN_KEY, Map.of("origin", ALLOWED),
          frames), BOUND);
      allowed.close();
      assertBystanderReceives(cableClient, "events/origins", 2);
    }
  }

  @Test
  @DisplayName("Verifies that without a secret, an events key or --public the event service is off: /ws and POST /events answer 404")
  void noKeyNoPublicMeansOff() {
    try (InProcessNode bare = Nodes.start(Map.of("metrics_http", "/metrics"))) {
      Throwable refused = Await.failure(bare.vertx().createWebSocketClient().connect(
          new WebSocketConnectOptions().setHost("127.0.0.1").setPort(bare.port()).setURI("/ws")), BOUND);
      assertEquals(404, ((UpgradeRejectedException) refused).getStatus());
      assertEquals(404, bare.request(HttpMethod.POST, "/events/anything", "{}", Map.of()).status());
    }
  }
}
