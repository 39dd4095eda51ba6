package io.cablecluster.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.gateway.broker.NoBroker;
import io.cablecluster.gateway.controller.ConnectResult;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.FakeConnection;
import io.cablecluster.gateway.testing.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry holds connections, not sids: two sessions under one sid are both counted and reached. */
@ExtendWith(VertxExtension.class)
class SessionRegistryTest {

  private static Session open(SessionHarness harness, FakeConnection connection, String sid) {
    Session session = harness.create(connection, false, new Pinger.Settings(0, "s"), sid);
    Await.run(harness.context, session::start);
    connection.awaitFrames(1);
    return session;
  }

  @Test
  @DisplayName("Verifies that two connections under the same sid are both counted, both reached by a remote disconnect, and one closing does not hide the other")
  void sessionsSharingASidAreEachCountedAndReached(Vertx vertx) {
    SessionHarness harness = new SessionHarness(vertx, TestConfigs.config(), new NoBroker());
    harness.controller.onConnect(r -> Future.succeededFuture(ConnectResult.welcome("{\"uid\":\"7\"}",
        List.of(Frames.welcome(r.sid())))));
    FakeConnection first = new FakeConnection();
    FakeConnection second = new FakeConnection();
    FakeConnection third = new FakeConnection();
    open(harness, first, "same");
    open(harness, second, "same");
    Session closing = open(harness, third, "same");
    SessionRegistry registry = harness.gateway.registry();
    assertEquals(3, registry.size());

    Await.run(harness.context, () -> closing.close((short) 1000, ""));
    third.awaitClose();
    Await.next(harness.closed());
    assertEquals(2, Await.on(harness.context, registry::size), "the others stay registered");

    registry.disconnectByIdentifiers("{\"uid\":\"7\"}", false);
    assertEquals(1000, first.awaitClose());
    assertEquals(1000, second.awaitClose());
  }
}
