package io.cablecluster.node.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.Identifiers;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** One node + stand-in backend per test class; clients are closed after each scenario. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ScenarioSupport {
  protected ConformanceHarness cable;

  /** Flags this class's node needs besides the defaults (value null removes a default). */
  protected Map<String, String> flags() {
    return Map.of();
  }

  @BeforeAll
  void startNode() {
    cable = ConformanceHarness.start(flags());
  }

  @AfterEach
  void closeClients() {
    cable.closeClients();
  }

  @AfterAll
  void stopNode() {
    cable.close();
  }

  /** anyt's {@code msg(x)}: a data frame for {@code identifier}. */
  static JsonObject msg(String identifier, Object message) {
    return new JsonObject().put("identifier", identifier).put("message", message);
  }

  static JsonObject ack(String identifier) {
    return Identifiers.confirmation(identifier);
  }

  static JsonObject data(Object value) {
    return new JsonObject().put("data", value);
  }

  /** anyt's {@code assert_message}: the frame sliced to the expected keys equals the expected frame. */
  static void assertMessage(JsonObject expected, JsonObject actual) {
    JsonObject sliced = new JsonObject();
    expected.fieldNames().forEach(k -> {
      if (actual.containsKey(k)) {
        sliced.put(k, actual.getValue(k));
      }
    });
    assertEquals(expected, sliced, "frame " + actual.encode());
  }

  /** Frames that may arrive in any order. */
  static void assertReceivesInAnyOrder(CableClient client, JsonObject... expected) {
    Set<JsonObject> received = new HashSet<>();
    for (int i = 0; i < expected.length; i++) {
      received.add(client.receive());
    }
    assertEquals(Set.of(expected), received);
  }
}
