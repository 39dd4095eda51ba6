package io.cablecluster.gateway.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.testing.Await;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The end of every chain, and alone the node without a backend: refuses, and does nothing else. */
class NullControllerTest {
  private static final RequestEnv ENV = new RequestEnv("http://localhost/cable", Map.of());
  private final AtomicInteger failedAuths = new AtomicInteger();
  private final NullController controller = new NullController(failedAuths::incrementAndGet);
  private final ChannelRequest channel = new ChannelRequest("sid", "{}", "{\"channel\":\"Chat\"}", ENV, Map.of(),
      Map.of());

  @Test
  @DisplayName("Verifies that identification is refused as unauthorized (no reconnect) and counted as a failed auth")
  void refusesIdentification() {
    ConnectResult result = Await.result(controller.authenticate(
        new ConnectRequest("sid", false, ENV, MultiMap.caseInsensitiveMultiMap(), null)));

    assertEquals(Status.FAILURE, result.status());
    assertEquals(List.of(Frames.disconnect("unauthorized", false)), result.transmissions());
    assertEquals(1, failedAuths.get());
  }

  @Test
  @DisplayName("Verifies that a subscription is rejected with reject_subscription for its identifier")
  void rejectsSubscriptions() {
    CommandResult result = Await.result(controller.subscribe(channel));

    assertEquals(Status.FAILURE, result.status());
    assertEquals(List.of(Frames.reject(channel.identifier())), result.transmissions());
    assertEquals(List.of(), result.streams());
  }

  @Test
  @DisplayName("Verifies that unsubscribe, message and disconnect succeed doing nothing")
  void everythingElseDoesNothing() {
    assertEquals(CommandResult.NOTHING, Await.result(controller.unsubscribe(channel)));
    assertEquals(CommandResult.NOTHING, Await.result(controller.perform(channel, "{}")));
    Await.result(controller.disconnect(new DisconnectRequest("sid", "{}", ENV, Map.of(), Map.of())));
    assertEquals(0, failedAuths.get());
  }
}
