package io.cablecluster.node.hostile;

import static io.cablecluster.node.hostile.HostileChecks.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableNodeExtension;
import io.cablecluster.testkit.Identifiers;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile-input row 7: one socket held 119 MB in 2,000 identifiers of 60 KB. With the default caps
 * (max_subscriptions 128, max_identifier_size 2 KiB) the excess is rejected and the socket keeps serving.
 */
class SubscriptionCapsTest {
  static final int DEFAULT_MAX_SUBSCRIPTIONS = 128;
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("public", "true", "http_broadcast_port", "0",
      "metrics_http", "/metrics"));

  private static void broadcast(String stream, int value) {
    assertEquals(201, cable.node().broadcast(new JsonObject().put("stream", stream).put("data", String.valueOf(value))
        .encode(), null).status());
  }

  private static CableClient subscribedTo(String stream) {
    CableClient client = cable.node().welcomed();
    client.subscribe(Identifiers.pubsub(stream));
    assertEquals(Identifiers.confirmation(Identifiers.pubsub(stream)), client.receive());
    return client;
  }

  @Test
  @DisplayName("Verifies that subscriptions beyond the default 128 per connection get reject_subscription while that socket and a bystander keep receiving")
  void subscriptionsBeyondTheCapAreRejected() {
    double before = metric(cable.node(), "subscriptions_over_limit_total");
    try (CableClient flooder = cable.node().welcomed(); CableClient bystander = subscribedTo("caps/shared")) {
      flooder.subscribe(Identifiers.pubsub("caps/shared"));
      assertEquals(Identifiers.confirmation(Identifiers.pubsub("caps/shared")), flooder.receive());
      for (int i = 1; i < DEFAULT_MAX_SUBSCRIPTIONS; i++) {
        flooder.subscribe(Identifiers.pubsub("caps/" + i));
      }
      for (int i = DEFAULT_MAX_SUBSCRIPTIONS; i < DEFAULT_MAX_SUBSCRIPTIONS + 50; i++) {
        flooder.subscribe(Identifiers.pubsub("caps/" + i));
      }
      for (int i = 1; i < DEFAULT_MAX_SUBSCRIPTIONS; i++) {
        assertEquals(Identifiers.confirmation(Identifiers.pubsub("caps/" + i)), flooder.receive());
      }
      for (int i = DEFAULT_MAX_SUBSCRIPTIONS; i < DEFAULT_MAX_SUBSCRIPTIONS + 50; i++) {
        assertEquals(Identifiers.rejection(Identifiers.pubsub("caps/" + i)), flooder.receive());
      }
      assertEquals(50.0, metric(cable.node(), "subscriptions_over_limit_total") - before);

      broadcast("caps/shared", 7);
      assertEquals(Identifiers.message(Identifiers.pubsub("caps/shared"), 7), flooder.receive());
      assertEquals(Identifiers.message(Identifiers.pubsub("caps/shared"), 7), bystander.receive());
      assertFalse(flooder.isClosed());
    }
  }

  @Test
  @DisplayName("Verifies that an identifier over the default 2 KiB gets reject_subscription and no stream is joined, while the socket keeps serving")
  void oversizedIdentifierIsRejected() {
    String oversized = Identifiers.pubsub("caps/big/" + "x".repeat(3000));
    try (CableClient client = cable.node().welcomed()) {
      client.subscribe(oversized);
      assertEquals(Identifiers.rejection(oversized), client.receive());
      broadcast("caps/big/" + "x".repeat(3000), 1);
      client.assertNoMessage(Duration.ofMillis(300));

      client.subscribe(Identifiers.pubsub("caps/after-big"));
      assertEquals(Identifiers.confirmation(Identifiers.pubsub("caps/after-big")), client.receive());
      broadcast("caps/after-big", 2);
      assertEquals(Identifiers.message(Identifiers.pubsub("caps/after-big"), 2), client.receive());
      assertTrue(metric(cable.node(), "failed_client_msg_total") >= 1);
    }
  }
}
