package io.cablecluster.gateway.session;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.cablecluster.gateway.broker.NoBroker;
import io.cablecluster.gateway.encoder.JsonEncoder;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.FakeConnection;
import io.cablecluster.gateway.testing.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Vert.x runs each WebSocket upgrade on a duplicate of its event loop's context. */
@ExtendWith(VertxExtension.class)
class SessionEventLoopTest {

  @Test
  @DisplayName("Verifies that sessions accepted on per-connection duplicate contexts share their event loop's context")
  void sessionsOnDuplicatesOfOneEventLoopShareItsContext(Vertx vertx) {
    SessionHarness h = new SessionHarness(vertx, TestConfigs.config(), new NoBroker());
    ContextInternal loop = (ContextInternal) h.context;
    ContextInternal first = loop.duplicate();
    ContextInternal second = loop.duplicate();
    assertNotSame(first, second);
    Session a = Await.on(first, () -> session(h, "a"));
    Session b = Await.on(second, () -> session(h, "b"));
    assertSame(loop, a.context(), "grouped by the event loop, not by the connection's duplicate");
    assertSame(a.context(), b.context());
  }

  private static Session session(SessionHarness h, String sid) {
    return new Session(h.gateway, new FakeConnection(), sid, false, JsonEncoder.INSTANCE, SessionHarness.ENV,
        new Pinger.Settings(0, "s"));
  }
}
