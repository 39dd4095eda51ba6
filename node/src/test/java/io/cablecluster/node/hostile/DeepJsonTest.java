package io.cablecluster.node.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableNodeExtension;
import io.cablecluster.testkit.Identifiers;
import io.cablecluster.testkit.InProcessNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hardening row 4: JSON nested far deeper than any Action Cable payload gets the documented answer of
 * malformed input on every entry point, costs at most one short log line, and leaves everyone else on the
 * node served. Two depths: 900, below Jackson's own nesting cap (1,000), where Vert.x's recursive decoding
 * used to run (the red-team pass overflowed an event loop's stack from ~600), and 2,000, beyond it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeepJsonTest {
  static final String SECRET = "s3cr3t";
  static final String KEY = "bk";
  static final String EVENTS_KEY = "ek";
  static final int DEPTH = 900;
  static final List<Integer> DEPTHS = List.of(DEPTH, 2_000);
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("secret", SECRET, "broadcast_key", KEY, "noauth", "true",
      "events_key", EVENTS_KEY, "metrics_http", "/metrics"));

  static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  static String deepMessageFrame(int depth) {
    return "{\"command\":\"message\",\"identifier\":\"{\\\"channel\\\":\\\"Chat\\\"}\",\"data\":" + nested(depth) + "}";
  }

  /** A client subscribed to {@code stream} on the same node, to prove the node keeps serving others. */
  static CableClient bystander(String stream) {
    CableClient client = cable.node().welcomed("/cable");
    client.subscribe(Identifiers.signedPubsub(stream, SECRET));
    assertEquals("confirm_subscription", client.receive().getString("type"));
    return client;
  }

  static void assertReceivesBroadcast(CableClient client, String stream, int value) {
    String body = new JsonObject().put("stream", stream).put("data", String.valueOf(value)).encode();
    assertEquals(201, cable.node().broadcast(body, KEY).status());
    assertEquals(value, client.receive().getInteger("message"));
  }

  static void assertNoStackTraceAndAtMostOneLine(LogCapture log) {
    List<LogRecord> records = log.records();
    assertTrue(records.size() <= 1, "one rejected input, at most one log line:\n" + log.describe());
    for (LogRecord record : records) {
      assertEquals(null, record.getThrown(), log.describe());
      assertTrue(String.valueOf(record.getMessage()).length() < 1_000, "a short line:\n" + log.describe());
    }
  }

  @Test
  @DisplayName("Verifies that a client frame nested 900 or 2,000 deep is counted as a failed client message, logged in at most one line without a stack trace, and the socket and a bystander keep working")
  void deepClientFrameIsCountedAndIgnored() {
    InProcessNode node = cable.node();
    try (CableClient other = bystander("deep-frame-bystander"); CableClient attacker = node.welcomed("/cable")) {
      for (int depth : DEPTHS) {
        double failedBefore = Metrics.value(node, "failed_client_msg_total");
        try (LogCapture log = new LogCapture()) {
          attacker.send(deepMessageFrame(depth));
          attacker.roundTrip();
          assertNoStackTraceAndAtMostOneLine(log);
        }
        assertEquals(failedBefore + 1, Metrics.value(node, "failed_client_msg_total"), "depth " + depth);
      }
      assertFalse(attacker.isClosed(), "malformed frames leave the socket open");
      assertReceivesBroadcast(other, "deep-frame-bystander", 1);
      other.close();
      CableClient again = bystander("deep-frame-attacker");
      assertReceivesBroadcast(again, "deep-frame-attacker", 2);
      again.close();
    }
  }

  @Test
  @DisplayName("Verifies that a whisper whose data nests 900 deep and an identifier string holding deep JSON are refused without harming the socket")
  void deepWhisperAndDeepIdentifierAreRefused() {
    try (CableClient client = bystander("deep-whisper")) {
      try (LogCapture log = new LogCapture()) {
        client.send("{\"command\":\"whisper\",\"identifier\":" + Json.encode(Identifiers.signedPubsub("deep-whisper", SECRET))
            + ",\"data\":" + nested(DEPTH) + "}");
        client.roundTrip();
        assertTrue(log.records().stream().allMatch(r -> r.getThrown() == null), log.describe());
      }
      String deepIdentifier = "{\"channel\":\"$pubsub\",\"stream_name\":\"x\",\"deep\":" + nested(DEPTH) + "}";
      client.subscribe(deepIdentifier);
      assertEquals("reject_subscription", client.receive().getString("type"));
      assertReceivesBroadcast(client, "deep-whisper", 3);
    }
  }

  @Test
  @DisplayName("Verifies that a /_broadcast body nested 900 or 2,000 deep is a 400 with a JSON error, counted, and later broadcasts still arrive")
  void deepBroadcastBodyIsBadRequest() {
    InProcessNode node = cable.node();
    try (CableClient other = bystander("deep-broadcast")) {
      for (int depth : DEPTHS) {
        double failedBefore = Metrics.value(node, "failed_broadcast_msg_total");
        InProcessNode.Response response;
        try (LogCapture log = new LogCapture()) {
          response = node.broadcast("{\"stream\":\"deep-broadcast\",\"data\":" + nested(depth) + "}", KEY);
          assertNoStackTraceAndAtMostOneLine(log);
        }
        assertEquals(400, response.status(), response.body());
        assertTrue(response.json().getString("error").contains("nested deeper than"), response.body());
        assertEquals(failedBefore + 1, Metrics.value(node, "failed_broadcast_msg_total"), "depth " + depth);
      }
      assertReceivesBroadcast(other, "deep-broadcast", 4);
    }
  }

  @Test
  @DisplayName("Verifies that a POST /events body nested 900 deep is a 400 with a JSON error and the event service keeps answering")
  void deepEventsBodyIsBadRequest() {
    InProcessNode node = cable.node();
    Map<String, String> auth = Map.of("authorization", "Bearer " + EVENTS_KEY, "content-type", "application/json");
    InProcessNode.Response response;
    try (LogCapture log = new LogCapture()) {
      response = node.request(HttpMethod.POST, "/events/deep", nested(DEPTH), auth);
      assertNoStackTraceAndAtMostOneLine(log);
    }
    assertEquals(400, response.status(), response.body());
    assertTrue(response.json().getString("error").contains("nested deeper than"), response.body());
    assertEquals(202, node.request(HttpMethod.POST, "/events/shallow", "{\"a\":[1]}", auth).status());
  }

  /** Raw text, as the frame may be too deep for the testkit's tree decoding; pings may come first. */
  static String nextRawNotPing(CableClient client) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      String frame = client.receiveRaw(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (!frame.startsWith("{\"type\":\"ping\"")) {
        return frame;
      }
    }
  }

  @Test
  @DisplayName("Verifies that a broadcast whose data string holds deep JSON is delivered (validated by streaming, never decoded into a tree) and the stream keeps serving")
  void deepJsonInsideBroadcastDataIsDelivered() {
    try (CableClient client = bystander("deep-data")) {
      for (int depth : DEPTHS) {
        String data = nested(depth);
        String body = new JsonObject().put("stream", "deep-data").put("data", data).encode();
        assertEquals(201, cable.node().broadcast(body, KEY).status());
        // Embedded as JSON below Jackson's streaming cap, as a JSON string above it; the text is the same.
        String frame = nextRawNotPing(client);
        assertTrue(frame.contains(data), "depth " + depth);
      }
      assertReceivesBroadcast(client, "deep-data", 5);
    }
  }
}
