package io.cablecluster.node.hostile;

import static io.cablecluster.node.hostile.HostileChecks.awaitMetric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.cablecluster.testkit.CableNodeExtension;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile-input row 5: a client's X-Request-ID used to become its sid, so one id on many sockets hid them
 * from clients_num and max_conn, from remote disconnect, and could shadow a victim whose sid was known.
 */
class RequestIdSidTest {
  static final int MAX_CONN = 20;
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("public", "true", "http_broadcast_port", "0",
      "metrics_http", "/metrics", "max_conn", String.valueOf(MAX_CONN), "http_idle_timeout", "1"));

  /** max_conn counts TCP connections: the test's kept-alive broadcast connection too, until its idle timeout. */
  @BeforeEach
  void noConnectionsLeftFromAnotherTest() {
    awaitMetric(cable.node(), "clients_num", 0);
    awaitMetric(cable.node(), "http_connections_num", 0);
  }

  private static CableClient withRequestId(String requestId, List<CableClient> opened) {
    CableClient client = cable.node().connect(new CableClientOptions().header("X-Request-ID", requestId));
    opened.add(client);
    return client;
  }

  private static String sidOf(CableClient client) {
    return client.awaitType("welcome").getString("sid");
  }

  private static void closeAll(List<CableClient> clients) {
    clients.forEach(CableClient::close);
  }

  @Test
  @DisplayName("Verifies that 20 sockets sending the same X-Request-ID get 20 distinct server-made sids, count 20 in clients_num, and max_conn closes the 21st")
  void oneRequestIdOnManySocketsIsCountedPerSocket() {
    List<CableClient> clients = new ArrayList<>();
    try {
      Set<String> sids = new HashSet<>();
      for (int i = 0; i < MAX_CONN; i++) {
        String sid = sidOf(withRequestId("same-id", clients));
        assertNotEquals("same-id", sid, "the request id must not become the sid");
        sids.add(sid);
      }
      assertEquals(MAX_CONN, sids.size(), "distinct sids: " + sids);
      awaitMetric(cable.node(), "clients_num", MAX_CONN);

      // max_conn counts TCP connections: the 21st is closed at accept (ConnectionLimitsTest has the details).
      double refusedBefore = HostileChecks.metric(cable.node(), "conn_limit_refused_total");
      assertThrows(AssertionError.class, () -> withRequestId("same-id", clients));
      awaitMetric(cable.node(), "conn_limit_refused_total", refusedBefore + 1);
    } finally {
      closeAll(clients);
    }
  }

  @Test
  @DisplayName("Verifies that a victim's known sid sent as X-Request-ID neither takes it over nor hides the victim from clients_num and remote disconnect")
  void aKnownSidCannotShadowItsOwner() {
    List<CableClient> clients = new ArrayList<>();
    try {
      CableClient victim = withRequestId("victim-chosen", clients);
      String victimSid = sidOf(victim);
      CableClient leaver = withRequestId(victimSid, clients);
      CableClient stayer = withRequestId(victimSid, clients);
      String leaverSid = sidOf(leaver);
      assertNotEquals(victimSid, leaverSid);
      assertNotEquals(victimSid, sidOf(stayer));
      awaitMetric(cable.node(), "clients_num", 3);

      leaver.close();
      awaitMetric(cable.node(), "clients_num", 2);

      // With noauth a connection's identifiers are {"sid": …}: only the victim's socket matches.
      String command = new JsonObject().put("command", "disconnect").put("payload", new JsonObject()
          .put("identifier", new JsonObject().put("sid", victimSid).encode()).put("reconnect", false)).encode();
      assertEquals(201, cable.node().broadcast(command, null).status());
      assertEquals("remote", victim.awaitType("disconnect").getString("reason"));
      assertEquals((short) 1000, victim.awaitClose().code());

      stayer.send("{\"command\":\"ping\"}");
      assertEquals("pong", stayer.awaitType("pong").getString("type"));
      awaitMetric(cable.node(), "clients_num", 1);
    } finally {
      closeAll(clients);
    }
  }
}
