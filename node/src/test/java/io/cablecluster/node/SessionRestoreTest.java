package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.cablecluster.testkit.CableNodeExtension;
import io.cablecluster.testkit.Identifiers;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AnyCable-Go's "Session cache — Restore session by session ID" (CONFORMANCE.md §4.6). */
class SessionRestoreTest {
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("public", "true", "http_broadcast_port", "0",
      "broker", "memory", "metrics_http", "/metrics"));

  static CableClientOptions extended() {
    return new CableClientOptions().extended();
  }

  /** An extended-protocol session subscribed to a stream, closed by the client; returns its sid. */
  static String closedSession(String stream) {
    String sid;
    try (CableClient client = cable.node().connect(extended())) {
      sid = client.receive().getString("sid");
      client.subscribe(Identifiers.pubsub(stream));
      assertEquals("confirm_subscription", client.receive().getString("type"));
    }
    awaitCached();
    return sid;
  }

  /**
   * The node keeps a session in the same event-loop task that drops it from the connection registry,
   * and nothing reaches the client then; the registry's size is the only outside view of that moment.
   */
  static void awaitCached() {
    Await.until("the closed session to leave the registry", () -> cable.node()
        .request(HttpMethod.GET, "/metrics", null, Map.of()).body().lines()
        .anyMatch(line -> line.matches("anycable_go_clients_num(\\{.*})? 0(\\.0)?")));
  }

  @Test
  @DisplayName("Verifies that a session is restored by the X-AnyCable-Restore-Sid header with its subscriptions")
  void restoreSessionBySessionIdHeader() {
    String sid = closedSession("cache_a");
    try (CableClient client = cable.node().connect(extended().header("X-ANYCABLE-RESTORE-SID", sid))) {
      JsonObject welcome = client.receiveAny();
      assertEquals("welcome", welcome.getString("type"));
      assertEquals(true, welcome.getBoolean("restored"));
      assertEquals(new JsonArray().add(Identifiers.pubsub("cache_a")), welcome.getJsonArray("restored_ids"));
      assertTrue(!sid.equals(welcome.getString("sid")), "a restored session gets a new sid");
      assertEquals(201, cable.node().broadcast(
          "{\"stream\":\"cache_a\",\"data\":\"{\\\"user_id\\\":2,\\\"status\\\":\\\"join\\\"}\"}", null).status());
      assertEquals(JsonObject.of("user_id", 2, "status", "join"), client.receive().getJsonObject("message"));
    }
  }

  @Test
  @DisplayName("Verifies that a session is restored by the sid query parameter, and only once")
  void restoreSessionBySidQueryOnlyOnce() {
    String sid = closedSession("cache_b");
    try (CableClient client = cable.node().connect(extended().query("sid=" + sid))) {
      assertEquals(true, client.receiveAny().getBoolean("restored"));
    }
    try (CableClient again = cable.node().connect(extended().query("sid=" + sid))) {
      assertNull(again.receiveAny().getValue("restored"), "a snapshot restores one client only");
    }
  }

  @Test
  @DisplayName("Verifies that a plain Action Cable client is never restored, even with a cached sid")
  void plainActionCableClientsAreNeverRestored() {
    String sid = closedSession("cache_c");
    try (CableClient client = cable.node().connect("/cable?sid=" + sid)) {
      JsonObject welcome = client.receiveAny();
      assertEquals("welcome", welcome.getString("type"));
      assertNull(welcome.getValue("restored"));
    }
  }
}
