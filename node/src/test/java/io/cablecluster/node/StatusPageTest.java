package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.metrics.MetricNames;
import io.cablecluster.core.status.StatusSnapshot;
import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableNodeExtension;
import io.cablecluster.testkit.Identifiers;
import io.cablecluster.testkit.InProcessNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The live status page of a single node: the document, and its JSON following real clients. */
class StatusPageTest {
  private static final String ROOM = Identifiers.pubsub("room");
  private static final String LOBBY = Identifiers.pubsub("lobby");

  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("noauth", "true", "public_streams", "true",
      "metrics_http", "/metrics"));

  private static JsonObject data() {
    InProcessNode.Response response = cable.node().request(HttpMethod.GET, "/_status/data", null, Map.of());
    assertEquals(200, response.status(), response.body());
    return response.json();
  }

  /** This node's snapshot once it satisfies {@code condition} (the page's data is a poll, so the test polls). */
  private static JsonObject awaitSelf(String what, Predicate<JsonObject> condition) {
    JsonObject[] last = new JsonObject[1];
    Await.until(what, Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
      last[0] = data().getJsonArray("members").getJsonObject(0);
      return condition.test(last[0]);
    });
    return last[0];
  }

  @Test
  @DisplayName("Verifies that /_status is one self-contained HTML document with no external resource, under a hash-only CSP")
  void thePageIsSelfContained() throws Exception {
    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + cable.node().port() + "/_status")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
    String policy = page.headers().firstValue("content-security-policy").orElseThrow();
    assertTrue(policy.startsWith("default-src 'none'; script-src 'sha256-"), policy);
    assertFalse(policy.contains("unsafe"), policy);
    String html = page.body();
    assertTrue(html.contains("<script>'use strict';"), "the script is inlined");
    assertFalse(html.contains(" src=") || html.contains(" href=") || html.contains("/*SCRIPT*/"), "nothing to load");
    assertFalse(html.contains("innerHTML"), "data is shown as text only");
  }

  @Test
  @DisplayName("Verifies that the single node's data lists one member whose connections, subscriptions, streams, top streams and rejected counters move with real clients")
  void dataFollowsRealClients() {
    JsonObject round = data();
    assertEquals(1, round.getJsonArray("members").size());
    JsonObject me = round.getJsonArray("members").getJsonObject(0);
    assertEquals(true, me.getBoolean("answered"));
    assertEquals("127.0.0.1:" + cable.node().port(), me.getString("address"));
    assertEquals(3, me.getJsonArray("roles").size());
    long failedBefore = me.getJsonObject("rejected").getLong(MetricNames.FAILED_CLIENT_MSG_TOTAL);
    String longName = "n".repeat(1000);

    try (CableClient first = cable.node().welcomed(); CableClient second = cable.node().welcomed()) {
      first.subscribeConfirmed(ROOM);
      first.subscribeConfirmed(LOBBY);
      second.subscribeConfirmed(ROOM);
      second.subscribeConfirmed(Identifiers.pubsub(longName));
      second.send("not json");
      second.roundTrip();
      JsonObject busy = awaitSelf("two clients on four subscriptions", m -> m.getInteger("connections") == 2
          && m.getInteger("subscriptions") == 4 && m.getInteger("streams") == 3);
      JsonObject top = busy.getJsonArray("top_streams").getJsonObject(0);
      assertEquals("room", top.getString("stream"));
      assertEquals(2, top.getInteger("subscribers"));
      assertTrue(busy.getJsonArray("top_streams").stream().map(s -> ((JsonObject) s).getString("stream"))
          .anyMatch(s -> s.length() == StatusSnapshot.MAX_STREAM_NAME && s.endsWith("…")), "the long name is cut");
      assertEquals(failedBefore + 1, busy.getJsonObject("rejected").getLong(MetricNames.FAILED_CLIENT_MSG_TOTAL));
    }
    awaitSelf("the clients gone", m -> m.getInteger("connections") == 0 && m.getInteger("subscriptions") == 0);
  }

  @Test
  @DisplayName("Verifies that without metrics_http neither /_status nor its data is served")
  void noPageWithoutMetrics() {
    try (InProcessNode plain = Nodes.start(Map.of("noauth", "true", "broadcast_key", "status-key"))) {
      assertEquals(404, plain.request(HttpMethod.GET, "/_status", null, Map.of()).status());
      assertEquals(404, plain.request(HttpMethod.GET, "/_status/data", null, Map.of()).status());
    }
  }
}
