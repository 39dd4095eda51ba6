package io.cablecluster.gateway.session;

import io.cablecluster.core.Broadcast;
import static io.cablecluster.gateway.session.SessionHarness.PONG;
import static io.cablecluster.gateway.session.SessionHarness.command;
import static io.cablecluster.gateway.session.SessionHarness.identifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.gateway.broker.NoBroker;
import io.cablecluster.gateway.controller.CommandResult;
import io.cablecluster.gateway.controller.ConnectResult;
import io.cablecluster.gateway.controller.Status;
import io.cablecluster.gateway.encoder.WireFrame;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.FakeConnection;
import io.cablecluster.gateway.testing.FakeController;
import io.cablecluster.gateway.testing.RecordingBroker;
import io.cablecluster.gateway.testing.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An open session: its inbox, size and speed limits, and what happens when it closes. */
@ExtendWith(VertxExtension.class)
class SessionFlowTest {

  @Test
  @DisplayName("Verifies that a frame over max_message_size closes with 1009 and a reason, without running it")
  void oversizedFrameClosesWithMessageTooBig(Vertx vertx) {
    SessionHarness harness = new SessionHarness(vertx, TestConfigs.config("max_message_size", "128"), new NoBroker());
    FakeConnection connection = new FakeConnection();
    Session session = harness.connect(connection);
    String big = command("subscribe", identifier("x".repeat(120)));

    harness.send(session, big);

    assertEquals(1009, connection.awaitClose());
    assertEquals("Message too big (max 128 bytes)", connection.closeReason());
    assertEquals(1.0, harness.counters.failedClientMessages().count());
    assertTrue(harness.controller.subscribes.isEmpty());
  }

  @Test
  @DisplayName("Verifies that a full inbox pauses reading from the socket and an inbox drained to half resumes it")
  void fullInboxPausesAndResumesTheConnection(Vertx vertx) {
    SessionHarness harness = new SessionHarness(vertx, TestConfigs.config("max_pending_commands", "4"),
        new NoBroker());
    Promise<CommandResult> slowAnswer = Promise.promise();
    harness.controller.onSubscribe(r -> slowAnswer.future());
    FakeConnection connection = new FakeConnection();
    Session session = harness.connect(connection);

    Await.run(harness.context, () -> {
      session.received(command("subscribe", identifier("Slow")));
      for (int i = 0; i < 3; i++) {
        session.received(command("ping", null));
      }
      assertFalse(connection.paused(), "three waiting frames are below the limit");
      session.received(command("ping", null));
      assertTrue(connection.paused(), "the fourth waiting frame fills the inbox");
    });
    Await.run(harness.context, () -> slowAnswer.complete(FakeController.confirmed(identifier("Slow"))));

    List<String> frames = connection.awaitFrames(6);
    assertEquals(List.of(Frames.welcome(session.sid()), Frames.confirm(identifier("Slow")), PONG, PONG, PONG, PONG),
        frames);
    assertFalse(connection.paused());
    assertEquals(1, connection.pauses());
    assertEquals(1, connection.resumes());
  }

  @Test
  @DisplayName("Verifies that a client whose write queue is full gets the too_slow disconnect frame (written past the bound once, as AnyCable-Go does), is closed with 1000 and counted")
  void fullWriteQueueDisconnectsTooSlow(Vertx vertx) {
    SessionHarness harness = new SessionHarness(vertx, TestConfigs.config(), new NoBroker());
    FakeConnection connection = new FakeConnection();
    Session session = harness.connect(connection);
    connection.writeQueueFull(true);

    Await.run(harness.context, () -> {
      session.deliver(WireFrame.text("{\"identifier\":\"x\",\"message\":1}"), "x", Broadcast.of("s", "1"));
      session.deliver(WireFrame.text("{\"identifier\":\"x\",\"message\":2}"), "x", Broadcast.of("s", "2"));
    });

    assertEquals(1000, connection.awaitClose());
    assertEquals("", connection.closeReason());
    assertEquals(1.0, harness.counters.slowClients().count());
    assertEquals(List.of(Frames.welcome(session.sid()), Frames.disconnect("too_slow", true)), connection.frames(),
        "the broadcasts are not queued on a socket that cannot take them; the disconnect frame is, once, then the close");
  }

  @Test
  @DisplayName("Verifies that a closed session leaves its streams and hands its final state to the disconnector")
  void closedSessionLeavesStreamsAndHandsOverItsState(Vertx vertx) {
    RecordingBroker broker = new RecordingBroker(new NoBroker());
    SessionHarness harness = new SessionHarness(vertx, TestConfigs.config(), broker);
    String chat = identifier("Chat");
    harness.controller
        .onConnect(r -> Future.succeededFuture(new ConnectResult(Status.SUCCESS, "{\"uid\":\"7\"}",
            List.of(Frames.welcome(r.sid())), Map.of("lang", "fr"), true)))
        .onSubscribe(r -> Future.succeededFuture(new CommandResult(Status.SUCCESS, List.of(Frames.confirm(chat)),
            List.of("chat/1", "chat/2"), List.of(), false, false, Map.of("room", "1"), Map.of(), "", false)));
    FakeConnection connection = new FakeConnection();
    Session session = harness.connect(connection);
    harness.send(session, command("subscribe", chat));
    connection.awaitFrames(2);
    assertEquals(2, harness.hub.size());

    Await.run(harness.context, session::closed);

    Await.result(session.whenClosed());
    assertEquals(0, harness.hub.size());
    assertEquals(1, broker.unsubscribeCalls("chat/1"));
    assertEquals(1, broker.unsubscribeCalls("chat/2"));
    assertEquals(0, harness.gateway.registry().size());
    SessionHarness.Closed closed = Await.next(harness.closed());
    assertTrue(closed.interest());
    assertEquals(session.sid(), closed.request().sid());
    assertEquals("{\"uid\":\"7\"}", closed.request().identifiers());
    assertEquals(Map.of("lang", "fr"), closed.request().cstate());
    assertEquals(Map.of(chat, Map.of("room", "1")), closed.request().istates());
  }

  @Test
  @DisplayName("Verifies that in auto mode only a session whose backend showed disconnect interest queues a Disconnect call")
  void autoModeQueuesOnlyWithDisconnectInterest(Vertx vertx) {
    SessionHarness harness = new SessionHarness(vertx, TestConfigs.config("disconnect_mode", "auto"), new NoBroker(),
        controller -> new DisconnectQueue(vertx, TestConfigs.config("disconnect_mode", "auto"), controller));
    List<Boolean> interests = Collections.synchronizedList(new java.util.ArrayList<>(List.of(false, true)));
    harness.controller.onConnect(r -> Future.succeededFuture(new ConnectResult(Status.SUCCESS, "{}",
        List.of(Frames.welcome(r.sid())), Map.of(), interests.remove(0))));

    Session uninterested = harness.connect(new FakeConnection());
    Await.run(harness.context, uninterested::closed);
    Await.result(uninterested.whenClosed());
    assertEquals(0, harness.disconnector.queued());

    Session interested = harness.connect(new FakeConnection());
    Await.run(harness.context, interested::closed);
    Await.result(interested.whenClosed());
    assertEquals(1, harness.disconnector.queued());
  }

  @Test
  @DisplayName("Verifies that a failed channel call turns disconnect interest on, so the Disconnect call is still made")
  void failedChannelCallMarksDisconnectInterest(Vertx vertx) {
    SessionHarness harness = new SessionHarness(vertx, TestConfigs.config(), new NoBroker());
    harness.controller.onSubscribe(r -> Future.failedFuture(new IllegalStateException("backend down")));
    FakeConnection connection = new FakeConnection();
    Session session = harness.connect(connection);
    harness.send(session, command("subscribe", identifier("Chat")));
    harness.barrier(session, connection);

    Await.run(harness.context, session::closed);

    assertTrue(Await.next(harness.closed()).interest());
    assertEquals(List.of(Frames.welcome(session.sid()), PONG), connection.frames(), "a failed subscribe sends nothing");
  }

  @Test
  @DisplayName("Verifies that a remote disconnect reaches every session with those identifiers, and a shutdown sends server_restart with 1001")
  void remoteDisconnectAndShutdown(Vertx vertx) {
    SessionHarness harness = new SessionHarness(vertx, TestConfigs.config(), new NoBroker());
    harness.controller.onConnect(r -> Future.succeededFuture(ConnectResult.welcome(
        r.sid().equals("sid-3") ? "{\"uid\":\"other\"}" : "{\"uid\":\"7\"}", List.of(Frames.welcome(r.sid())))));
    FakeConnection first = new FakeConnection();
    FakeConnection second = new FakeConnection();
    FakeConnection other = new FakeConnection();
    harness.connect(first);
    harness.connect(second);
    Session survivor = harness.connect(other);

    harness.gateway.registry().disconnectByIdentifiers("{\"uid\":\"7\"}", true);

    assertEquals(1000, first.awaitClose());
    assertEquals(1000, second.awaitClose());
    assertEquals(Frames.disconnect("remote", true), first.awaitFrames(2).get(1));
    assertEquals(Session.State.OPEN, Await.on(harness.context, survivor::state));

    Await.result(harness.gateway.registry().disconnectAll());
    assertEquals(1001, other.awaitClose());
    assertEquals("Server restart", other.closeReason());
    assertEquals(Frames.disconnect("server_restart", true), other.frames().get(1));
  }
}
