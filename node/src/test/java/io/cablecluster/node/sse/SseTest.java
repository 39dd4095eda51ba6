package io.cablecluster.node.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.CableNodeExtension;
import io.cablecluster.testkit.Identifiers;
import io.cablecluster.testkit.Jwt;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Server-Sent Events over a raw HTTP/1.1 socket: every request shape, refusal and answer of {@code /events}. */
class SseTest {
  static final String SECRET = "sse-secret";
  static final String BROADCAST_KEY = "bkey";
  static final String EVENTS_KEY = "ekey";
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.ofEntries(Map.entry("sse", "true"),
      Map.entry("secret", SECRET), Map.entry("broker", "memory"), Map.entry("public_streams", "true"),
      Map.entry("turbo_streams", "true"), Map.entry("broadcast_key", BROADCAST_KEY),
      Map.entry("events_key", EVENTS_KEY), Map.entry("allowed_origins", "allowed.example"),
      Map.entry("ping_interval", "1"), Map.entry("max_subscriptions", "2")));

  static String jid() {
    return "jid=" + Jwt.hs256(SECRET, new JsonObject().put("ext", "{}")
        .put("exp", System.currentTimeMillis() / 1000 + 600));
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static SseClient get(String query) throws Exception {
    return SseClient.get(cable.node().port(), "/events?" + query, Map.of());
  }

  static void broadcast(String stream, String data) {
    assertEquals(201, cable.node().broadcast(new JsonObject().put("stream", stream).put("data", data).encode(),
        BROADCAST_KEY).status());
  }

  static String epochOf(String id) {
    return id.split("/", 3)[1];
  }

  @Test
  @DisplayName("Verifies that a GET with stream gets welcome, confirm, pings and unwrapped messages with ids")
  void getWithStreamGetsWelcomeConfirmPingsAndUnwrappedMessagesWithIds() throws Exception {
    try (SseClient sse = get("stream=" + enc("chat/1") + "&" + jid())) {
      assertEquals(200, sse.status());
      assertTrue(sse.header("content-type").startsWith("text/event-stream"), sse.header("content-type"));
      SseClient.Event welcome = sse.next();
      assertEquals("welcome", welcome.event());
      assertEquals("welcome", new JsonObject(welcome.data()).getString("type"));
      SseClient.Event confirm = sse.next();
      assertEquals("confirm_subscription", confirm.event());
      assertEquals(Identifiers.pubsub("chat/1"), new JsonObject(confirm.data()).getString("identifier"));
      broadcast("chat/1", "{\"text\":\"hi\"}");
      SseClient.Event message = sse.nextNotPing();
      assertNull(message.event());
      assertEquals(new JsonObject().put("text", "hi"), new JsonObject(message.data()));
      assertTrue(message.id().startsWith("1/") && message.id().endsWith("/chat/1"), message.id());
      broadcast("chat/1", "two\nlines");
      SseClient.Event text = sse.nextNotPing();
      assertEquals("two\nlines", text.data());
      assertEquals("2/" + epochOf(message.id()) + "/chat/1", text.id());
      SseClient.Event ping = sse.next();
      assertEquals("ping", ping.event());
      assertEquals("ping", new JsonObject(ping.data()).getString("type"));
    }
  }

  @Test
  @DisplayName("Verifies that identifier, signed_stream and turbo_signed_stream_name subscribe as their channels")
  void identifierSignedStreamAndTurboSignedStreamNameSubscribe() throws Exception {
    Map<String, String> shapes = Map.of(
        "identifier=" + enc(Identifiers.pubsub("by-id")), Identifiers.pubsub("by-id"),
        "signed_stream=" + enc(Identifiers.sign("signed", SECRET)),
        Identifiers.channel("$pubsub", new JsonObject().put("signed_stream_name", Identifiers.sign("signed", SECRET))),
        "turbo_signed_stream_name=" + enc(Identifiers.sign("turbo", SECRET)),
        Identifiers.channel("Turbo::StreamsChannel",
            new JsonObject().put("signed_stream_name", Identifiers.sign("turbo", SECRET))));
    for (Map.Entry<String, String> shape : shapes.entrySet()) {
      try (SseClient sse = get(shape.getKey() + "&" + jid())) {
        assertEquals(200, sse.status(), shape.getKey());
        assertEquals("welcome", sse.next().event());
        SseClient.Event confirm = sse.next();
        assertEquals("confirm_subscription", confirm.event(), shape.getKey());
        assertEquals(shape.getValue(), new JsonObject(confirm.data()).getString("identifier"));
      }
    }
  }

  @Test
  @DisplayName("Verifies that refusals answer 401 without identification, 400 for rejected or missing subscriptions")
  void refusalsAnswer401And400() throws Exception {
    try (SseClient sse = get("stream=x")) {
      assertEquals(401, sse.status());
    }
    try (SseClient sse = get("channel=ChatChannel&" + jid())) {
      assertEquals(400, sse.status(), "no backend: the subscription is rejected");
    }
    try (SseClient sse = get("signed_stream=forged--00&" + jid())) {
      assertEquals(400, sse.status());
    }
    try (SseClient sse = get("foo=bar&" + jid())) {
      assertEquals(400, sse.status());
      assertTrue(sse.body().contains("error"));
    }
    try (SseClient sse = get("stream=%zz&" + jid())) {
      assertEquals(400, sse.status());
    }
    try (SseClient sse = get("stream=x&history_since=yesterday&" + jid())) {
      assertEquals(400, sse.status());
    }
    try (SseClient sse = SseClient.get(cable.node().port(), "/events?stream=x&" + jid(),
        Map.of("Last-Event-ID", "x/epoch/x"))) {
      assertEquals(400, sse.status());
    }
    try (SseClient sse = SseClient.send(cable.node().port(), "PUT", "/events?stream=x", Map.of(), "")) {
      assertEquals(405, sse.status());
    }
  }

  @Test
  @DisplayName("Verifies that unknown parameters and a Last-Event-ID without three parts are ignored")
  void unknownParametersAndShortLastEventIdAreIgnored() throws Exception {
    try (SseClient sse = SseClient.get(cable.node().port(), "/events?stream=ign&whatever=1&" + jid(),
        Map.of("Last-Event-ID", "7"))) {
      assertEquals(200, sse.status());
      assertEquals("welcome", sse.next().event());
      assertEquals("confirm_subscription", sse.next().event());
    }
  }

  @Test
  @DisplayName("Verifies that Last-Event-ID resumes a stream whose name has slashes after the given offset, once")
  void lastEventIdResumesStreamWithSlashesOnce() throws Exception {
    String stream = "room/a/b";
    String epoch;
    try (SseClient sse = get("stream=" + enc(stream) + "&" + jid())) {
      sse.next();
      sse.next();
      for (int i = 1; i <= 3; i++) {
        broadcast(stream, "\"m" + i + "\"");
      }
      SseClient.Event first = sse.nextNotPing();
      assertEquals("m1", first.data());
      epoch = epochOf(first.id());
    }
    try (SseClient sse = SseClient.get(cable.node().port(), "/events?stream=" + enc(stream) + "&" + jid(),
        Map.of("Last-Event-ID", "1/" + epoch + "/" + stream))) {
      assertEquals(200, sse.status());
      assertEquals("welcome", sse.next().event());
      assertEquals("confirm_subscription", sse.next().event());
      assertEquals(new SseClient.Event(null, "m2", "2/" + epoch + "/" + stream, null), sse.nextNotPing());
      assertEquals(new SseClient.Event(null, "m3", "3/" + epoch + "/" + stream, null), sse.nextNotPing());
      assertEquals("confirm_history", sse.nextNotPing().event());
      broadcast(stream, "\"m4\"");
      assertEquals("m4", sse.nextNotPing().data());
    }
  }

  @Test
  @DisplayName("Verifies that history_since replays the stream's recent messages before live ones")
  void historySinceReplaysRecentMessages() throws Exception {
    broadcast("since/1", "\"old1\"");
    broadcast("since/1", "\"old2\"");
    long since = System.currentTimeMillis() / 1000 - 60;
    try (SseClient sse = get("stream=since/1&history_since=" + since + "&" + jid())) {
      sse.next();
      sse.next();
      assertEquals("old1", sse.nextNotPing().data());
      assertEquals("old2", sse.nextNotPing().data());
      assertEquals("confirm_history", sse.nextNotPing().event());
    }
  }

  @Test
  @DisplayName("Verifies that raw=1 sends data messages only: no welcome, confirm or pings")
  void rawSendsDataOnly() throws Exception {
    try (SseClient sse = get("stream=raw/1&raw=1&" + jid())) {
      assertEquals(200, sse.status());
      broadcast("raw/1", "{\"n\":1}");
      SseClient.Event first = sse.next();
      assertEquals(new SseClient.Event(null, "{\"n\":1}", first.id(), null), first);
    }
  }

  @Test
  @DisplayName("Verifies that a POST of JSON lines subscribes to each and streams whole frames")
  void postOfJsonLinesSubscribesToEachAndStreamsWholeFrames() throws Exception {
    String a = Identifiers.pubsub("post/a");
    String b = Identifiers.pubsub("post/b");
    String body = new JsonObject().put("command", "subscribe").put("identifier", a).encode() + "\n\n"
        + new JsonObject().put("identifier", b).encode() + "\n";
    try (SseClient sse = SseClient.post(cable.node().port(), "/events?" + jid(), Map.of(), body)) {
      assertEquals(200, sse.status());
      assertEquals("welcome", sse.next().event());
      assertEquals("confirm_subscription", sse.next().event());
      assertEquals("confirm_subscription", sse.next().event());
      broadcast("post/b", "{\"x\":1}");
      SseClient.Event data = sse.nextNotPing();
      JsonObject frame = new JsonObject(data.data());
      assertEquals(b, frame.getString("identifier"));
      assertEquals(new JsonObject().put("x", 1), frame.getJsonObject("message"));
      assertEquals("post/b", frame.getString("stream_id"));
    }
  }

  @Test
  @DisplayName("Verifies that POST bodies over 64 kB, bad lines and too many subscriptions are refused")
  void postBodiesOverTheLimitBadLinesAndTooManySubscriptionsAreRefused() throws Exception {
    String big = new JsonObject().put("identifier", Identifiers.pubsub("x".repeat(70_000))).encode();
    try (SseClient sse = SseClient.post(cable.node().port(), "/events?" + jid(), Map.of(), big)) {
      assertEquals(413, sse.status());
    }
    try (SseClient sse = SseClient.post(cable.node().port(), "/events?" + jid(), Map.of(), "{not json\n")) {
      assertEquals(400, sse.status());
    }
    StringBuilder three = new StringBuilder();
    for (String s : new String[] {"m/1", "m/2", "m/3"}) {
      three.append(new JsonObject().put("identifier", Identifiers.pubsub(s)).encode()).append('\n');
    }
    try (SseClient sse = SseClient.post(cable.node().port(), "/events?" + jid(), Map.of(), three.toString())) {
      assertEquals(400, sse.status(), "max_subscriptions is 2");
    }
  }

  @Test
  @DisplayName("Verifies that an allowed Origin gets CORS headers and others get 403")
  void allowedOriginGetsCorsHeadersAndOthers403() throws Exception {
    try (SseClient sse = SseClient.get(cable.node().port(), "/events?stream=o&" + jid(),
        Map.of("Origin", "http://allowed.example:3000"))) {
      assertEquals(200, sse.status());
      assertEquals("http://allowed.example:3000", sse.header("access-control-allow-origin"));
      assertEquals("true", sse.header("access-control-allow-credentials"));
    }
    try (SseClient sse = SseClient.get(cable.node().port(), "/events?stream=o&" + jid(),
        Map.of("Origin", "http://evil.example"))) {
      assertEquals(403, sse.status());
    }
    try (SseClient sse = SseClient.send(cable.node().port(), "OPTIONS", "/events", Map.of("Origin",
        "http://allowed.example", "Access-Control-Request-Method", "GET"), null)) {
      assertEquals(200, sse.status());
      assertEquals("http://allowed.example", sse.header("access-control-allow-origin"));
    }
  }

  @Test
  @DisplayName("Verifies that the event service's POST /events/<name> still works beside SSE on /events")
  void eventServicePostStillWorksBesideSse() throws Exception {
    try (SseClient sse = get("stream=side&" + jid())) {
      assertEquals(200, sse.status());
      var posted = cable.node().request(HttpMethod.POST, "/events/deploy", "{\"v\":1}",
          Map.of("authorization", "Bearer " + EVENTS_KEY));
      assertTrue(posted.status() / 100 == 2, posted.status() + " " + posted.body());
      var unkeyed = cable.node().request(HttpMethod.POST, "/events/deploy", "{}", Map.of());
      assertEquals(401, unkeyed.status());
      assertEquals("welcome", sse.next().event());
    }
  }
}
