package io.cablecluster.node.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.CableNodeExtension;
import io.cablecluster.testkit.InProcessNode;
import io.vertx.core.http.HttpMethod;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile-input row 11: form and multipart bodies on {@code /_broadcast} and {@code /events} were decoded
 * before the key check (a form over 8 KB: 400 and a SEVERE stack trace with no key at all), and multipart
 * or empty bodies with the key gave 500. The key is now checked before the body is read, and every body is
 * read as bytes whatever its Content-Type.
 */
class BroadcastBodiesTest {
  static final String KEY = "bodies-broadcast-key";
  static final String EVENTS_KEY = "bodies-events-key";
  static final int LIMIT = 4096;
  static final String FORM = "application/x-www-form-urlencoded";
  static final String MULTIPART = "multipart/form-data; boundary=XyZ";
  static final String MULTIPART_BODY = "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n"
      + "Content-Type: text/plain\r\n\r\nhello\r\n--XyZ--\r\n";
  static final String BIG_FORM = "a=" + "x".repeat(20_000);

  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("secret", "bodies-secret", "noauth", "true", "broadcast_key", KEY,
      "events_key", EVENTS_KEY, "metrics_http", "/metrics",
      "http_broadcast_max_size", String.valueOf(LIMIT), "events_max_size", String.valueOf(LIMIT)));

  private static InProcessNode.Response post(String path, String body, String contentType, String key) {
    Map<String, String> headers = new HashMap<>();
    if (contentType != null) {
      headers.put("content-type", contentType);
    }
    if (key != null) {
      headers.put("authorization", "Bearer " + key);
    }
    return cable.node().request(HttpMethod.POST, path, body, headers);
  }

  private static void assertNothingSevereNorTraced(LogCapture log) {
    for (LogRecord record : log.records()) {
      assertNull(record.getThrown(), log.describe());
      assertTrue(record.getLevel().intValue() < Level.SEVERE.intValue(), log.describe());
    }
  }

  private static void assertJsonError(int status, InProcessNode.Response response) {
    assertEquals(status, response.status(), response.body());
    assertTrue(response.json().getString("error") != null, response.body());
  }

  @Test
  @DisplayName("Verifies that form and multipart bodies without the key, even a 20 KB form, get 401 on /_broadcast and /events with no stack trace logged")
  void unkeyedBodiesAreRefusedBeforeParsing() {
    try (LogCapture log = new LogCapture()) {
      for (String path : new String[] {"/_broadcast", "/events/ping"}) {
        assertJsonError(401, post(path, BIG_FORM, FORM, null));
        assertJsonError(401, post(path, MULTIPART_BODY, MULTIPART, null));
        assertJsonError(401, post(path, BIG_FORM, FORM, "wrong-key"));
        assertJsonError(401, post(path, "x".repeat(10_000), "application/json", null));
      }
      assertNothingSevereNorTraced(log);
    }
    assertEquals(201, cable.node().broadcast("{\"stream\":\"s\",\"data\":\"1\"}", KEY).status(),
        "the endpoint keeps answering after refused bodies");
  }

  @Test
  @DisplayName("Verifies that with the key, multipart, form and empty /_broadcast bodies are 400 with a JSON error, counted in failed_broadcast_msg_total, without a stack trace")
  void keyedMalformedBroadcastBodiesAreBadRequests() {
    InProcessNode node = cable.node();
    double before = Metrics.value(node, "failed_broadcast_msg_total");
    try (LogCapture log = new LogCapture()) {
      assertJsonError(400, post("/_broadcast", MULTIPART_BODY, MULTIPART, KEY));
      assertJsonError(400, post("/_broadcast", "a=1&b=2", FORM, KEY));
      assertJsonError(400, post("/_broadcast", "", "application/json", KEY));
      assertJsonError(400, post("/_broadcast", null, null, KEY));
      assertNothingSevereNorTraced(log);
    }
    assertEquals(before + 4, Metrics.value(node, "failed_broadcast_msg_total"));
  }

  @Test
  @DisplayName("Verifies that a JSON broadcast is read as bytes whatever its Content-Type (a form or multipart type does not change it)")
  void bodyIsBytesWhateverTheContentType() {
    assertEquals(201, post("/_broadcast", "{\"stream\":\"s\",\"data\":\"2\"}", FORM, KEY).status());
    assertEquals(202, post("/events/ping", "{\"a\":1}", MULTIPART, EVENTS_KEY).status());
  }

  @Test
  @DisplayName("Verifies that with the key, multipart and form /events bodies are 400 with a JSON error, counted in ws_events_failed_total, without a stack trace")
  void keyedMalformedEventBodiesAreBadRequests() {
    InProcessNode node = cable.node();
    double before = Metrics.value(node, "ws_events_failed_total");
    try (LogCapture log = new LogCapture()) {
      assertJsonError(400, post("/events/ping", MULTIPART_BODY, MULTIPART, EVENTS_KEY));
      assertJsonError(400, post("/events/ping", "a=1&b=2", FORM, EVENTS_KEY));
      assertNothingSevereNorTraced(log);
    }
    assertEquals(before + 2, Metrics.value(node, "ws_events_failed_total"));
  }

  @Test
  @DisplayName("Verifies that a body over the limit is 413 with a JSON error with the key and 401 without it, and the endpoints keep answering")
  void oversizedBodies() {
    String big = "{\"stream\":\"s\",\"data\":\"" + "x".repeat(2 * LIMIT) + "\"}";
    try (LogCapture log = new LogCapture()) {
      assertJsonError(413, post("/_broadcast", big, "application/json", KEY));
      assertJsonError(413, post("/events/ping", big, "application/json", EVENTS_KEY));
      assertJsonError(401, post("/_broadcast", big, "application/json", null));
      assertNothingSevereNorTraced(log);
    }
    assertEquals(201, cable.node().broadcast("{\"stream\":\"s\",\"data\":\"3\"}", KEY).status());
    assertEquals(202, post("/events/ping", "{}", "application/json", EVENTS_KEY).status());
  }
}
