package io.cablecluster.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.gateway.controller.ChannelRequest;
import io.cablecluster.gateway.controller.ConnectRequest;
import io.cablecluster.gateway.controller.ConnectResult;
import io.cablecluster.gateway.controller.RequestEnv;
import io.cablecluster.gateway.controller.Status;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.FakeController;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** noauth: everyone is welcome under their own sid; channel commands still go on. */
class NoauthControllerTest {
  private static final RequestEnv ENV = new RequestEnv("http://localhost/cable", Map.of());
  private final FakeController next = new FakeController();
  private final NoauthController controller = new NoauthController(next);

  @Test
  @DisplayName("Verifies that every connection is welcomed with identifiers {\"sid\":<sid>} and no Connect call")
  void welcomesEveryoneBySid() {
    ConnectResult result = Await.result(controller.authenticate(
        new ConnectRequest("abc", true, ENV, MultiMap.caseInsensitiveMultiMap(), null)));

    assertEquals(Status.SUCCESS, result.status());
    assertEquals("{\"sid\":\"abc\"}", result.identifiers());
    assertEquals(List.of(Frames.welcome("abc")), result.transmissions());
    assertTrue(next.connects.isEmpty());
  }

  @Test
  @DisplayName("Verifies that subscriptions and messages go to the next controller")
  void channelCommandsGoOn() {
    ChannelRequest channel = new ChannelRequest("abc", "{}", "{\"channel\":\"Chat\"}", ENV, Map.of(), Map.of());
    Await.result(controller.subscribe(channel));
    Await.result(controller.perform(channel, "{}"));

    assertEquals(channel, Await.next(next.subscribes));
    assertEquals(channel, Await.next(next.performs).request());
  }
}
