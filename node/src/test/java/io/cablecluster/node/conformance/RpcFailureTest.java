package io.cablecluster.node.conformance;

import static io.cablecluster.node.conformance.TestChannels.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A backend that is down, slow, failing or answering garbage (PROTOCOL.md §d): a connect gets the socket
 * closed with 1011 and no frame (as AnyCable-Go); a subscribe gets no confirmation and the socket stays
 * open; the node keeps serving everyone else.
 */
class RpcFailureTest extends ScenarioSupport {
  private static final JsonObject WELCOME = new JsonObject().put("type", "welcome");

  /** Well past rpc_command_timeout (1.5 s) and the slow backend's 4 s, on a loaded machine too. */
  private static final Duration BACKEND_GIVES_UP = Duration.ofSeconds(10);

  @Override
  protected Map<String, String> flags() {
    return Map.of("rpc_request_timeout", "1000", "rpc_command_timeout", "1500");
  }

  private void assertConnectFailsWith1011AndNoFrame(CableClient client) {
    assertEquals((short) 1011, client.awaitClose().code());
    assertEquals(List.of(), client.unread());
  }

  private void assertOthersAreServed() {
    CableClient other = cable.client(ConformanceHarness.options().ignore("ping"));
    assertMessage(WELCOME, other.receive());
    other.subscribeConfirmed(id("SubscriptionAknowledgementChannel"));
  }

  private void assertSubscribeGetsNothingAndSocketStaysOpen(String channel) {
    CableClient client = cable.client();
    client.subscribe(id(channel));
    // Ends once the subscribe command gave up on the backend (a slow one: after rpc_command_timeout).
    client.roundTrip(BACKEND_GIVES_UP);
    client.assertNoMessage();
    assertFalse(client.isClosed());
    client.subscribeConfirmed(id("SubscriptionAknowledgementChannel"));
  }

  @Test
  @DisplayName("Verifies that slow backend on connect closes with 1011 and no frame")
  void slowBackendOnConnectClosesWith1011AndNoFrame() {
    assertConnectFailsWith1011AndNoFrame(cable.client(ConformanceHarness.options().query("test=" + StandInRpcBackend.SLOW)
        .ignore()));
    assertOthersAreServed();
  }

  @Test
  @DisplayName("Verifies that backend answering 500 on connect closes with 1011 and no frame")
  void backendAnswering500OnConnectClosesWith1011AndNoFrame() {
    assertConnectFailsWith1011AndNoFrame(cable.client(ConformanceHarness.options()
        .query("test=" + StandInRpcBackend.HTTP_500).ignore()));
    assertOthersAreServed();
  }

  @Test
  @DisplayName("Verifies that malformed JSON on connect closes with 1011 and no frame")
  void malformedJsonOnConnectClosesWith1011AndNoFrame() {
    assertConnectFailsWith1011AndNoFrame(cable.client(ConformanceHarness.options()
        .query("test=" + StandInRpcBackend.MALFORMED).ignore()));
    assertOthersAreServed();
  }

  @Test
  @DisplayName("Verifies that error status on connect closes with 1011 and no frame")
  void errorStatusOnConnectClosesWith1011AndNoFrame() {
    assertConnectFailsWith1011AndNoFrame(cable.client(ConformanceHarness.options()
        .query("test=" + StandInRpcBackend.ERROR).ignore()));
    assertOthersAreServed();
  }

  @Test
  @DisplayName("Verifies that slow backend on subscribe sends no confirmation")
  void slowBackendOnSubscribeSendsNoConfirmation() {
    assertSubscribeGetsNothingAndSocketStaysOpen(StandInRpcBackend.SLOW);
    assertOthersAreServed();
  }

  @Test
  @DisplayName("Verifies that backend answering 500 on subscribe sends no confirmation")
  void backendAnswering500OnSubscribeSendsNoConfirmation() {
    assertSubscribeGetsNothingAndSocketStaysOpen(StandInRpcBackend.HTTP_500);
    assertOthersAreServed();
  }

  @Test
  @DisplayName("Verifies that malformed JSON on subscribe sends no confirmation")
  void malformedJsonOnSubscribeSendsNoConfirmation() {
    assertSubscribeGetsNothingAndSocketStaysOpen(StandInRpcBackend.MALFORMED);
    assertOthersAreServed();
  }

  /**
   * A down backend opens the circuit breaker (PROTOCOL §d), which keeps failing calls fast for 5 s after it
   * comes back, so these run on their own node and wait out the breaker before checking recovery.
   */
  @Test
  @DisplayName("Verifies that backend down on connect closes with 1011 then recovers")
  void backendDownOnConnectClosesWith1011ThenRecovers() {
    try (ConformanceHarness isolated = ConformanceHarness.start(flags())) {
      int port = isolated.backend.port();
      isolated.backend.stop();
      try {
        CableClient client = isolated.client(ConformanceHarness.options().ignore());
        assertEquals((short) 1011, client.awaitClose().code());
        assertEquals(List.of(), client.unread());
      } finally {
        isolated.backend.start(port);
      }
      assertEventuallyServed(isolated);
    }
  }

  @Test
  @DisplayName("Verifies that backend down on subscribe sends no confirmation and socket stays open")
  void backendDownOnSubscribeSendsNoConfirmationAndSocketStaysOpen() {
    try (ConformanceHarness isolated = ConformanceHarness.start(flags())) {
      CableClient client = isolated.client(ConformanceHarness.options().ignore("ping"));
      assertMessage(WELCOME, client.receive());
      int port = isolated.backend.port();
      isolated.backend.stop();
      try {
        client.subscribe(id("SubscriptionAknowledgementChannel", "probe", "down"));
        client.roundTrip(BACKEND_GIVES_UP);
        client.assertNoMessage();
        assertFalse(client.isClosed());
      } finally {
        isolated.backend.start(port);
      }
      assertEventuallyServed(isolated);
      client.subscribeConfirmed(id("SubscriptionAknowledgementChannel"));
    }
  }

  @Test
  @DisplayName("Verifies that unsubscribe while backend is down still stops delivery")
  void unsubscribeWhileBackendIsDownStillStopsDelivery() {
    try (ConformanceHarness isolated = ConformanceHarness.start(flags())) {
      String identifier = id("SingleStreamChannel");
      CableClient client = isolated.client();
      client.subscribeConfirmed(identifier);
      int port = isolated.backend.port();
      isolated.backend.stop();
      try {
        client.unsubscribe(identifier);
        client.roundTrip(BACKEND_GIVES_UP);
        isolated.publisher.publish("a", data("after unsubscribe"));
        client.assertNoMessage();
        assertFalse(client.isClosed());
      } finally {
        isolated.backend.start(port);
      }
    }
  }

  /** The breaker closes on a timer inside the node, which tells no one: new clients probe every 0.5 s. */
  private static void assertEventuallyServed(ConformanceHarness harness) {
    Await.until("a client to be welcomed again", Duration.ofSeconds(10), Duration.ofMillis(500), () -> {
      try (CableClient probe = harness.client(ConformanceHarness.options().ignore("ping"))) {
        assertMessage(WELCOME, probe.receive());
        return true;
      } catch (AssertionError notYet) {
        return false;
      }
    });
  }
}
