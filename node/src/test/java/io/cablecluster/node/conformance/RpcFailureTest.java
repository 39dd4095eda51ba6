package io.cablecluster.node.conformance;

import static io.cablecluster.node.conformance.TestChannels.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A backend that is down, slow, failing or answering garbage (PROTOCOL.md §d): a connect gets the socket
 * closed with 1011 and no frame (as AnyCable-Go); a subscribe gets no confirmation and the socket stays
 * open; the node keeps serving everyone else.
 */
class RpcFailureTest extends ScenarioSupport {
  private static final JsonObject WELCOME = new JsonObject().put("type", "welcome");

  @Override
  protected Map<String, String> flags() {
    return Map.of("rpc_request_timeout", "1000", "rpc_command_timeout", "1500");
  }

  private void assertConnectFailsWith1011AndNoFrame(CableClient client) {
    assertEquals((short) 1011, client.awaitClose());
    assertEquals(List.of(), client.unread());
  }

  private void assertOthersAreServed() {
    CableClient other = cable.client(new CableClient.Options().ignore("ping"));
    assertMessage(WELCOME, other.receive());
    other.subscribeConfirmed(id("SubscriptionAknowledgementChannel"));
  }

  private void assertSubscribeGetsNothingAndSocketStaysOpen(String channel, long waitMillis) {
    CableClient client = cable.client();
    client.subscribe(id(channel));
    sleep(waitMillis);
    client.assertNoMessage();
    assertFalse(client.isClosed());
    client.subscribeConfirmed(id("SubscriptionAknowledgementChannel"));
  }

  @Test
  void slowBackendOnConnectClosesWith1011AndNoFrame() {
    assertConnectFailsWith1011AndNoFrame(cable.client(new CableClient.Options().query("test=" + StandInRpcBackend.SLOW)
        .ignore()));
    assertOthersAreServed();
  }

  @Test
  void backendAnswering500OnConnectClosesWith1011AndNoFrame() {
    assertConnectFailsWith1011AndNoFrame(cable.client(new CableClient.Options()
        .query("test=" + StandInRpcBackend.HTTP_500).ignore()));
    assertOthersAreServed();
  }

  @Test
  void malformedJsonOnConnectClosesWith1011AndNoFrame() {
    assertConnectFailsWith1011AndNoFrame(cable.client(new CableClient.Options()
        .query("test=" + StandInRpcBackend.MALFORMED).ignore()));
    assertOthersAreServed();
  }

  @Test
  void errorStatusOnConnectClosesWith1011AndNoFrame() {
    assertConnectFailsWith1011AndNoFrame(cable.client(new CableClient.Options()
        .query("test=" + StandInRpcBackend.ERROR).ignore()));
    assertOthersAreServed();
  }

  @Test
  void slowBackendOnSubscribeSendsNoConfirmation() {
    assertSubscribeGetsNothingAndSocketStaysOpen(StandInRpcBackend.SLOW, 1500);
    assertOthersAreServed();
  }

  @Test
  void backendAnswering500OnSubscribeSendsNoConfirmation() {
    assertSubscribeGetsNothingAndSocketStaysOpen(StandInRpcBackend.HTTP_500, 0);
    assertOthersAreServed();
  }

  @Test
  void malformedJsonOnSubscribeSendsNoConfirmation() {
    assertSubscribeGetsNothingAndSocketStaysOpen(StandInRpcBackend.MALFORMED, 0);
    assertOthersAreServed();
  }

  /**
   * A down backend opens the circuit breaker (PROTOCOL §d), which keeps failing calls fast for 5 s after it
   * comes back, so these run on their own node and wait out the breaker before checking recovery.
   */
  @Test
  void backendDownOnConnectClosesWith1011ThenRecovers() {
    try (ConformanceHarness isolated = ConformanceHarness.start(flags())) {
      int port = isolated.backend.port();
      isolated.backend.stop();
      try {
        CableClient client = isolated.client(new CableClient.Options().ignore());
        assertEquals((short) 1011, client.awaitClose());
        assertEquals(List.of(), client.unread());
      } finally {
        isolated.backend.start(port);
      }
      assertEventuallyServed(isolated);
    }
  }

  @Test
  void backendDownOnSubscribeSendsNoConfirmationAndSocketStaysOpen() {
    try (ConformanceHarness isolated = ConformanceHarness.start(flags())) {
      CableClient client = isolated.client(new CableClient.Options().ignore("ping"));
      assertMessage(WELCOME, client.receive());
      int port = isolated.backend.port();
      isolated.backend.stop();
      try {
        client.subscribe(id("SubscriptionAknowledgementChannel", "probe", "down"));
        sleep(1500);
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
  void unsubscribeWhileBackendIsDownStillStopsDelivery() {
    try (ConformanceHarness isolated = ConformanceHarness.start(flags())) {
      String identifier = id("SingleStreamChannel");
      CableClient client = isolated.client();
      client.subscribeConfirmed(identifier);
      int port = isolated.backend.port();
      isolated.backend.stop();
      try {
        client.unsubscribe(identifier);
        sleep(2000);
        isolated.publisher.publish("a", data("after unsubscribe"));
        client.assertNoMessage();
        assertFalse(client.isClosed());
      } finally {
        isolated.backend.start(port);
      }
    }
  }

  private static void assertEventuallyServed(ConformanceHarness harness) {
    long until = System.nanoTime() + 10_000_000_000L;
    while (true) {
      CableClient probe = harness.client(new CableClient.Options().ignore("ping"));
      try {
        assertMessage(WELCOME, probe.receive());
        return;
      } catch (AssertionError notYet) {
        if (System.nanoTime() > until) {
          throw notYet;
        }
        sleep(500);
      } finally {
        probe.close();
      }
    }
  }
}
