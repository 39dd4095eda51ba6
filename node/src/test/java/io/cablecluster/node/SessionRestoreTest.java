package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.testing.CableTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AnyCable-Go's "Session cache — Restore session by session ID" (CONFORMANCE.md §4.6). */
class SessionRestoreTest {
  static final List<String> EXT = List.of("actioncable-v1-ext-json");
  static TestNode node;

  @BeforeAll
  static void startNode() {
    node = TestNode.start(Map.of("public", "true", "http_broadcast_port", "0", "broker", "memory"));
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  /** An extended-protocol session subscribed to a stream, closed by the client; returns its sid. */
  static String closedSession(String stream) {
    try (CableTestClient client = node.connect("/cable", EXT, MultiMap.caseInsensitiveMultiMap())) {
      String sid = client.next().getString("sid");
      client.subscribe(TestNode.publicStream(stream));
      assertEquals("confirm_subscription", client.next().getString("type"));
      return sid;
    }
  }

  static void awaitCached() throws InterruptedException {
    Thread.sleep(300);
  }

  @Test
  void restoreSessionBySessionIdHeader() throws Exception {
    String sid = closedSession("cache_a");
    awaitCached();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-ANYCABLE-RESTORE-SID", sid);
    try (CableTestClient client = node.connect("/cable", EXT, headers)) {
      JsonObject welcome = client.nextAny();
      assertEquals("welcome", welcome.getString("type"));
      assertEquals(true, welcome.getBoolean("restored"));
      assertEquals(new JsonArray().add(TestNode.publicStream("cache_a")), welcome.getJsonArray("restored_ids"));
      assertTrue(!sid.equals(welcome.getString("sid")), "a restored session gets a new sid");
      assertEquals(201, node.broadcast("{\"stream\":\"cache_a\",\"data\":\"{\\\"user_id\\\":2,\\\"status\\\":\\\"join\\\"}\"}", null).status());
      assertEquals(JsonObject.of("user_id", 2, "status", "join"), client.next().getJsonObject("message"));
    }
  }

  @Test
  void restoreSessionBySidQueryOnlyOnce() throws Exception {
    String sid = closedSession("cache_b");
    awaitCached();
    try (CableTestClient client = node.connect("/cable?sid=" + sid, EXT, MultiMap.caseInsensitiveMultiMap())) {
      assertEquals(true, client.nextAny().getBoolean("restored"));
    }
    try (CableTestClient again = node.connect("/cable?sid=" + sid, EXT, MultiMap.caseInsensitiveMultiMap())) {
      assertNull(again.nextAny().getValue("restored"), "a snapshot restores one client only");
    }
  }

  @Test
  void plainActionCableClientsAreNeverRestored() throws Exception {
    String sid = closedSession("cache_c");
    awaitCached();
    try (CableTestClient client = node.connect("/cable?sid=" + sid)) {
      JsonObject welcome = client.nextAny();
      assertEquals("welcome", welcome.getString("type"));
      assertNull(welcome.getValue("restored"));
    }
  }
}
