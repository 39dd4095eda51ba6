package io.cablecluster.gateway.session;

import static io.cablecluster.gateway.session.SessionHarness.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.gateway.broker.NoBroker;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.FakeConnection;
import io.cablecluster.gateway.testing.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pings (the node's shared ticker or a connection's own timer) and the extended protocol's pong deadline. */
@ExtendWith(VertxExtension.class)
class SessionKeepaliveTest {

  private static boolean isPing(String frame) {
    return "ping".equals(new JsonObject(frame).getString("type"));
  }

  @Test
  @DisplayName("Verifies that pings start after the welcome, and only extended clients are cut off as no_pong after the pong timeout")
  void pongTimeoutClosesOnlyExtendedClients(Vertx vertx) {
    SessionHarness harness = new SessionHarness(vertx, TestConfigs.config("ping_interval", "1", "pong_timeout", "1"),
        new NoBroker());
    FakeConnection extended = new FakeConnection();
    FakeConnection plain = new FakeConnection();
    Session ext = harness.connect(extended, true, new Pinger.Settings(-1, "s"));
    Session act = harness.connect(plain, false, new Pinger.Settings(-1, "s"));

    assertEquals(1000, extended.awaitClose());
    List<String> frames = extended.frames();
    assertEquals(Frames.welcome(ext.sid()), frames.get(0));
    assertTrue(isPing(frames.get(1)), frames.toString());
    assertEquals(Frames.disconnect("no_pong", true), frames.get(frames.size() - 1));

    List<String> plainFrames = plain.awaitFrames(f -> f.stream().filter(SessionKeepaliveTest::isPing).count() >= 2,
        "two pings");
    assertEquals(Frames.welcome(act.sid()), plainFrames.get(0));
    assertEquals(Session.State.OPEN, Await.on(harness.context, act::state), "plain Action Cable has no pong deadline");
  }

  @Test
  @DisplayName("Verifies that any client frame after a ping satisfies the extended protocol's pong deadline")
  void anyFrameCountsAsPong(Vertx vertx) {
    SessionHarness harness = new SessionHarness(vertx, TestConfigs.config("pong_timeout", "1"), new NoBroker());
    FakeConnection connection = new FakeConnection();
    Session session = harness.connect(connection, true);

    Await.run(harness.context, () -> session.ping(session.encoder().encode(Frames.ping(1))));
    harness.send(session, command("pong", null));
    // A second ping without an answer: the deadline of this one closes the connection, the first one did not.
    Await.run(harness.context, () -> session.ping(session.encoder().encode(Frames.ping(2))));

    assertEquals(1000, connection.awaitClose());
    assertEquals(List.of(Frames.welcome(session.sid()), Frames.ping(1), Frames.ping(2),
        Frames.disconnect("no_pong", true)), connection.frames());
  }

  @Test
  @DisplayName("Verifies that a connection with its own interval (?pi=1&ptp=ms) gets pings with millisecond timestamps")
  void ownIntervalAndPrecision(Vertx vertx) {
    SessionHarness harness = new SessionHarness(vertx, TestConfigs.config("ping_interval", "3600"), new NoBroker());
    FakeConnection connection = new FakeConnection();
    long before = System.currentTimeMillis();
    harness.connect(connection, false, new Pinger.Settings(1, "ms"));

    JsonObject ping = new JsonObject(connection.awaitFrames(2).get(1));
    assertEquals("ping", ping.getString("type"));
    assertTrue(ping.getLong("message") >= before, "milliseconds, not seconds: " + ping);
  }
}
