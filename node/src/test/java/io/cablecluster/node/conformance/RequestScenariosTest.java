package io.cablecluster.node.conformance;

import static io.cablecluster.node.conformance.TestChannels.id;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** anyt request: the backend sees the request (url, cookies, headers) and unsubscribe callbacks run (§2, 7–15). */
class RequestScenariosTest extends ScenarioSupport {
  private static final JsonObject WELCOME = new JsonObject().put("type", "welcome");

  private CableClient pingIgnoring(String query, String... header) {
    CableClientOptions options = ConformanceHarness.options().query(query).ignore("ping");
    if (header.length == 2) {
      options.header(header[0], header[1]);
    }
    return cable.client(options);
  }

  @Test
  @DisplayName("Verifies that request channel has access to request")
  void requestChannelHasAccessToRequest() {
    CableClient client = pingIgnoring("token=secret");
    assertMessage(WELCOME, client.receive());
    String identifier = id("RequestChannel");
    client.subscribe(identifier);
    assertEquals(ack(identifier), client.receive());
  }

  @Test
  @DisplayName("Verifies that request URL is set during connection")
  void requestUrlIsSetDuringConnection() {
    CableClient client = cable.client(ConformanceHarness.options().query("test=request_url").ignore());
    assertMessage(WELCOME, client.receive());
  }

  @Test
  @DisplayName("Verifies that request reject when required cookies are not set")
  void requestRejectWhenRequiredCookiesAreNotSet() {
    pingIgnoring("test=cookies").awaitClose();
  }

  @Test
  @DisplayName("Verifies that request accepts when required cookies are set")
  void requestAcceptsWhenRequiredCookiesAreSet() {
    assertMessage(WELCOME, pingIgnoring("test=cookies", "cookie", "username=john green").receive());
  }

  @Test
  @DisplayName("Verifies that request reject when required header is missing")
  void requestRejectWhenRequiredHeaderIsMissing() {
    pingIgnoring("test=headers").awaitClose();
  }

  @Test
  @DisplayName("Verifies that request accepts when required header is set")
  void requestAcceptsWhenRequiredHeaderIsSet() {
    assertMessage(WELCOME, pingIgnoring("test=headers", "x-api-token", "abc").receive());
  }

  @Test
  @DisplayName("Verifies that request receives disconnect message when rejected")
  void requestReceivesDisconnectMessageWhenRejected() {
    CableClient client = pingIgnoring("test=reasons&reason=unauthorized");
    assertMessage(new JsonObject().put("type", "disconnect").put("reconnect", false).put("reason", "unauthorized"),
        client.receive());
    client.awaitClose();
  }

  @Test
  @DisplayName("Verifies that request client disconnect invokes unsubscribe callbacks for different channels")
  void requestClientDisconnectInvokesUnsubscribeCallbacksForDifferentChannels() {
    String a = id("RequestAChannel");
    String b = id("RequestBChannel");
    CableClient client = cable.client();
    client.subscribeConfirmed(a);
    client.subscribeConfirmed(b);
    CableClient client2 = cable.client();
    client2.subscribeConfirmed(a);
    client2.subscribeConfirmed(b);
    client2.close();
    assertReceivesInAnyOrder(client, msg(a, data("user left")), msg(b, data("user left")));
  }

  @Test
  @DisplayName("Verifies that request client disconnect invokes unsubscribe callbacks for multiple subscriptions from the same channel")
  void requestClientDisconnectInvokesUnsubscribeCallbacksForMultipleSubscriptionsFromTheSameChannel() {
    String own = id("RequestCChannel");
    CableClient client = cable.client();
    client.subscribeConfirmed(own);
    CableClient client2 = cable.client();
    client2.subscribeConfirmed(id("RequestCChannel", "id", 1));
    client2.subscribeConfirmed(id("RequestCChannel", "id", 2));
    client2.close();
    assertReceivesInAnyOrder(client, msg(own, data("user left1")), msg(own, data("user left2")));
  }
}
