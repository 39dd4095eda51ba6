package io.cablecluster.node.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.CableClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** anyt core: Ping and Welcome (CONFORMANCE.md §2, scenarios 1–2). */
class CoreScenariosTest extends ScenarioSupport {

  @Test
  @DisplayName("Verifies that ping client receives pings with timestamps")
  void pingClientReceivesPingsWithTimestamps() {
    CableClient client = cable.client(ConformanceHarness.options().ignore("welcome"));
    JsonObject first = client.receive(Duration.ofMillis(10_000));
    JsonObject second = client.receive(Duration.ofMillis(10_000));
    assertEquals("ping", first.getString("type"));
    assertEquals("ping", second.getString("type"));
    assertTrue(first.getValue("message") instanceof Number, first.encode());
    assertTrue(second.getValue("message") instanceof Number, second.encode());
    assertTrue(second.getLong("message") > first.getLong("message"), first + " then " + second);
  }

  @Test
  @DisplayName("Verifies that welcome client receives welcome message")
  void welcomeClientReceivesWelcomeMessage() {
    CableClient client = cable.client(ConformanceHarness.options().ignore("ping"));
    assertMessage(new JsonObject().put("type", "welcome"), client.receive());
  }
}
