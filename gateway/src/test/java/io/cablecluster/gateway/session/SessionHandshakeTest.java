package io.cablecluster.gateway.session;

import static io.cablecluster.gateway.session.SessionHarness.command;
import static io.cablecluster.gateway.session.SessionHarness.identifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.gateway.broker.NoBroker;
import io.cablecluster.gateway.controller.CommandResult;
import io.cablecluster.gateway.controller.ConnectResult;
import io.cablecluster.gateway.controller.Status;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.FakeConnection;
import io.cablecluster.gateway.testing.FakeController;
import io.cablecluster.gateway.testing.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A session's identification: how each controller answer opens or closes it, and what waits meanwhile. */
@ExtendWith(VertxExtension.class)
class SessionHandshakeTest {
  private SessionHarness harness;

  @BeforeEach
  void setUp(Vertx vertx) {
    harness = new SessionHarness(vertx, TestConfigs.config(), new NoBroker());
  }

  @Test
  @DisplayName("Verifies that a SUCCESS welcomes the client, registers the session and keeps identifiers and cstate")
  void successWelcomesAndRegisters() {
    harness.controller.onConnect(r -> Future.succeededFuture(new ConnectResult(Status.SUCCESS, "{\"uid\":\"7\"}",
        List.of(Frames.welcome(r.sid())), Map.of("lang", "fr"), false)));
    FakeConnection connection = new FakeConnection();
    Session session = harness.connect(connection);

    assertEquals(List.of(Frames.welcome(session.sid())), connection.frames());
    assertEquals(Session.State.OPEN, Await.on(harness.context, session::state));
    assertEquals("{\"uid\":\"7\"}", session.identifiers());
    assertEquals(Map.of("lang", "fr"), Await.on(harness.context, () -> Map.copyOf(session.cstate())));
    assertEquals(1, harness.gateway.registry().size());
  }

  @Test
  @DisplayName("Verifies that a FAILURE sends its transmissions, closes with 1000 and queues no Disconnect call")
  void failureSendsTransmissionsThenClosesNormally() {
    harness.controller.onConnect(r -> Future.succeededFuture(
        ConnectResult.refused(List.of(Frames.disconnect("unauthorized", false)))));
    FakeConnection connection = new FakeConnection();
    Session session = harness.create(connection, false);
    Await.run(harness.context, session::start);

    assertEquals(1000, connection.awaitClose());
    Await.result(session.whenClosed());
    assertEquals(List.of(Frames.disconnect("unauthorized", false)), connection.frames());
    assertEquals(0, harness.gateway.registry().size());
    assertTrue(harness.closed().isEmpty(), "a connection that never opened has nothing to disconnect");
  }

  @Test
  @DisplayName("Verifies that an ERROR sends its transmissions and closes with 1011")
  void errorClosesWithInternalError() {
    harness.controller.onConnect(r -> Future.succeededFuture(ConnectResult.error(List.of("{\"type\":\"oops\"}"))));
    FakeConnection connection = new FakeConnection();
    Session session = harness.create(connection, false);
    Await.run(harness.context, session::start);

    assertEquals(1011, connection.awaitClose());
    assertEquals("Internal error", connection.closeReason());
    assertEquals(List.of("{\"type\":\"oops\"}"), connection.frames());
  }

  @Test
  @DisplayName("Verifies that a controller that cannot be reached during identification closes the socket with 1011")
  void unreachableControllerClosesWithInternalError() {
    harness.controller.onConnect(r -> Future.failedFuture(new IllegalStateException("backend down")));
    FakeConnection connection = new FakeConnection();
    Session session = harness.create(connection, false);
    Await.run(harness.context, session::start);

    assertEquals(1011, connection.awaitClose());
    assertEquals(List.of(), connection.frames());
  }

  @Test
  @DisplayName("Verifies that frames received during identification wait, then run one at a time in arrival order")
  void framesDuringIdentificationRunInOrderAfterwards() {
    Promise<ConnectResult> identified = Promise.promise();
    Promise<CommandResult> firstAnswer = Promise.promise();
    String first = identifier("First");
    String second = identifier("Second");
    harness.controller.onConnect(r -> identified.future())
        .onSubscribe(r -> r.identifier().equals(first) ? firstAnswer.future()
            : Future.succeededFuture(FakeController.confirmed(r.identifier())));
    FakeConnection connection = new FakeConnection();
    Session session = harness.create(connection, false);
    Await.run(harness.context, session::start);

    Await.run(harness.context, () -> {
      session.received(command("subscribe", first));
      session.received(command("subscribe", second));
      assertTrue(harness.controller.subscribes.isEmpty(), "nothing runs before the welcome");
      identified.complete(ConnectResult.welcome("{}", List.of(Frames.welcome(session.sid()))));
      assertEquals(List.of(first), harness.controller.subscribes.stream().map(r -> r.identifier()).toList(),
          "the second frame waits for the first one's answer");
    });
    Await.run(harness.context, () -> firstAnswer.complete(FakeController.confirmed(first)));

    assertEquals(List.of(Frames.welcome(session.sid()), Frames.confirm(first), Frames.confirm(second)),
        connection.awaitFrames(3));
    assertEquals(first, Await.next(harness.controller.subscribes).identifier());
    assertEquals(second, Await.next(harness.controller.subscribes).identifier());
  }

  @Test
  @DisplayName("Verifies that the channel requests carry the sid, identifiers, env and a snapshot of cstate")
  void channelRequestsCarryTheConnectionState() {
    harness.controller.onConnect(r -> Future.succeededFuture(new ConnectResult(Status.SUCCESS, "{\"uid\":\"7\"}",
        List.of(Frames.welcome(r.sid())), Map.of("lang", "fr"), false)));
    FakeConnection connection = new FakeConnection();
    Session session = harness.connect(connection);
    harness.send(session, command("subscribe", identifier("Chat")));

    var request = Await.next(harness.controller.subscribes);
    assertEquals(session.sid(), request.sid());
    assertEquals("{\"uid\":\"7\"}", request.identifiers());
    assertEquals(SessionHarness.ENV, request.env());
    assertEquals(Map.of("lang", "fr"), request.cstate());
    assertEquals(Map.of(), request.istate());
    assertNull(Await.next(harness.controller.connects).query());
  }
}
