package io.cablecluster.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.gateway.controller.ConnectRequest;
import io.cablecluster.gateway.controller.ConnectResult;
import io.cablecluster.gateway.controller.RequestEnv;
import io.cablecluster.gateway.controller.Status;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.FakeController;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The opt-in {@code Authorization: Bearer} token source and its place among the others. */
class BearerTokenSourceTest {
  private final FakeController next = new FakeController();
  private final List<String> seen = new ArrayList<>();
  private final TokenIdentifier recording = token -> {
    seen.add(token);
    return Future.succeededFuture(new JwtIdentifier.Identified("{\"t\":\"" + token + "\"}"));
  };

  private ConnectResult connect(boolean bearer, MultiMap headers, String query) {
    JwtController controller = new JwtController(next, recording, "jid", false, bearer, () -> { });
    return Await.result(controller.authenticate(new ConnectRequest("sid-1", false,
        new RequestEnv("http://localhost/cable", Map.of()), headers, query)));
  }

  @Test
  @DisplayName("Verifies that a Bearer header is a token source only when opted in, whatever the scheme's case")
  void bearerHeaderIsReadOnlyWhenOptedIn() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer abc");
    connect(false, headers, null);
    assertTrue(seen.isEmpty(), "off: the header is left to RPC Connect");
    assertEquals(1, next.connects.size());

    assertEquals("{\"t\":\"abc\"}", connect(true, headers, null).identifiers());
    assertEquals("{\"t\":\"def\"}", connect(true, MultiMap.caseInsensitiveMultiMap()
        .add("authorization", "bearer def"), null).identifiers());
    assertEquals(Status.SUCCESS, connect(true, MultiMap.caseInsensitiveMultiMap()
        .add("Authorization", "Basic dXNlcjpwYXNz"), null).status());
    assertEquals(List.of("abc", "def"), seen, "other schemes are no token");
  }

  @Test
  @DisplayName("Verifies that the X-JID header and the subprotocol win over the Bearer header, which wins over the query")
  void bearerHeaderComesAfterXJidAndSubprotocolBeforeQuery() {
    connect(true, MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer b").add("X-JID", "x"), "jid=q");
    connect(true, MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer b")
        .add("Sec-WebSocket-Protocol", "actioncable-v1-json, anycable-token.p"), "jid=q");
    connect(true, MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer b"), "jid=q");
    assertEquals(List.of("x", "p", "b"), seen);
  }
}
