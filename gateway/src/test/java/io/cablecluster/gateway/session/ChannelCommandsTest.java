package io.cablecluster.gateway.session;

import static io.cablecluster.gateway.session.SessionHarness.PONG;
import static io.cablecluster.gateway.session.SessionHarness.command;
import static io.cablecluster.gateway.session.SessionHarness.identifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.gateway.broker.NoBroker;
import io.cablecluster.gateway.controller.CommandResult;
import io.cablecluster.gateway.controller.Status;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.FakeConnection;
import io.cablecluster.gateway.testing.FakeController;
import io.cablecluster.gateway.testing.RecordingBroker;
import io.cablecluster.gateway.testing.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** subscribe, unsubscribe and message: what the controller's answers do to the session (via Commands). */
@ExtendWith(VertxExtension.class)
class ChannelCommandsTest {
  private static final String CHAT = identifier("Chat");
  private RecordingBroker broker;
  private SessionHarness harness;
  private FakeConnection connection;
  private Session session;

  @BeforeEach
  void setUp(Vertx vertx) {
    broker = new RecordingBroker(new NoBroker());
    harness = new SessionHarness(vertx, TestConfigs.config(), broker);
    harness.controller.onSubscribe(r -> Future.succeededFuture(streaming(r.identifier(), "chat/1")));
    connection = new FakeConnection();
    session = harness.connect(connection);
  }

  private static CommandResult streaming(String identifier, String stream) {
    return new CommandResult(Status.SUCCESS, List.of(Frames.confirm(identifier)), List.of(stream), List.of(), false,
        false, Map.of("room", "1"), Map.of(), "", false);
  }

  private Subscription subscription(String identifier) {
    return Await.on(harness.context, () -> session.subscriptions().get(identifier));
  }

  private void subscribe() {
    harness.send(session, command("subscribe", CHAT));
    connection.awaitFrames(2);
  }

  @Test
  @DisplayName("Verifies that a subscription is confirmed only once its stream is reachable (the broker answered the join)")
  void confirmsOnlyAfterTheStreamIsJoined(Vertx vertx) {
    RecordingBroker held = new RecordingBroker(new NoBroker()).holdSubscribes();
    SessionHarness slow = new SessionHarness(vertx, TestConfigs.config(), held);
    slow.controller.onSubscribe(r -> Future.succeededFuture(streaming(r.identifier(), "chat/1")));
    FakeConnection conn = new FakeConnection();
    Session joining = slow.connect(conn);
    slow.send(joining, command("subscribe", CHAT));

    var brokerAnswer = Await.next(held.heldSubscribes);
    assertEquals(List.of(Frames.welcome(joining.sid())), conn.frames(), "no confirmation before the join completed");
    brokerAnswer.complete(null);
    assertEquals(Frames.confirm(CHAT), conn.awaitFrames(2).get(1));
  }

  @Test
  @DisplayName("Verifies that a confirmed subscription records its streams and istate, and joins the hub")
  void confirmedSubscriptionJoinsItsStreams() {
    subscribe();

    assertEquals(Set.of("chat/1"), Set.copyOf(subscription(CHAT).streams()));
    assertEquals(Map.of("room", "1"), Map.copyOf(subscription(CHAT).istate()));
    assertEquals(1, harness.hub.size());
    assertEquals(1, broker.subscribeCalls("chat/1"));
  }

  @Test
  @DisplayName("Verifies that a rejected subscription sends the rejection and records nothing")
  void rejectedSubscriptionSendsTheRejection() {
    harness.controller.onSubscribe(r -> Future.succeededFuture(
        CommandResult.rejected(List.of(Frames.reject(r.identifier())))));
    harness.send(session, command("subscribe", CHAT));

    assertEquals(Frames.reject(CHAT), connection.awaitFrames(2).get(1));
    assertNull(subscription(CHAT));
    assertEquals(0, harness.hub.size());
  }

  @Test
  @DisplayName("Verifies that a subscribe for an identifier already subscribed is ignored: no controller call, no reply")
  void duplicateSubscribeIsIgnored() {
    subscribe();
    harness.send(session, command("subscribe", CHAT));
    harness.barrier(session, connection);

    assertEquals(1, harness.controller.subscribes.size());
    assertEquals(List.of(Frames.welcome(session.sid()), Frames.confirm(CHAT), PONG), connection.frames());
  }

  @Test
  @DisplayName("Verifies that an unsubscribe answered SUCCESS drops the subscription and leaves its streams, with its istate in the request")
  void unsubscribeDropsTheSubscription() {
    subscribe();
    harness.send(session, command("unsubscribe", CHAT));

    assertEquals(Map.of("room", "1"), Await.next(harness.controller.unsubscribes).istate());
    harness.barrier(session, connection);
    assertNull(subscription(CHAT));
    assertEquals("chat/1", Await.next(broker.unsubscribed));
    assertEquals(0, harness.hub.size());
  }

  @Test
  @DisplayName("Verifies that an unsubscribe answered ERROR keeps the subscription and its stream")
  void unsubscribeErrorKeepsTheSubscription() {
    harness.controller.onUnsubscribe(r -> Future.succeededFuture(FakeController.bare(Status.ERROR)));
    subscribe();
    harness.send(session, command("unsubscribe", CHAT));
    harness.barrier(session, connection);

    assertNotNull(subscription(CHAT));
    assertEquals(1, harness.hub.size());
  }

  @Test
  @DisplayName("Verifies that an unsubscribe the backend could not receive still drops the subscription (the client asked to leave)")
  void unsubscribeTransportFailureDropsTheSubscription() {
    harness.controller.onUnsubscribe(r -> Future.failedFuture(new IllegalStateException("backend down")));
    subscribe();
    harness.send(session, command("unsubscribe", CHAT));
    harness.barrier(session, connection);

    assertNull(subscription(CHAT));
    assertEquals(0, harness.hub.size());
  }

  @Test
  @DisplayName("Verifies that a message whose data is not a string is counted as failed and never reaches the controller")
  void messageNeedsStringData() {
    subscribe();
    harness.send(session, new JsonObject().put("command", "message").put("identifier", CHAT)
        .put("data", new JsonObject().put("action", "speak")).encode());
    harness.barrier(session, connection);

    assertTrue(harness.controller.performs.isEmpty());
    assertEquals(1.0, harness.counters.failedClientMessages().count());
  }

  @Test
  @DisplayName("Verifies that a message goes to the controller with its data and istate, and its answer applies streams, state and transmissions")
  void messageIsPerformedAndItsAnswerApplied() {
    // The istate is copied when the controller is called: that is what a backend would be sent.
    AtomicReference<Map<String, String>> istateSeen = new AtomicReference<>();
    harness.controller.onPerform((r, data) -> {
      istateSeen.set(Map.copyOf(r.istate()));
      return Future.succeededFuture(new CommandResult(Status.SUCCESS,
          List.of(Frames.data(CHAT, "{\"said\":true}")), List.of("chat/2"), List.of("chat/1"), false, false,
          Map.of("room", ""), Map.of("seen", "yes"), "", true));
    });
    subscribe();
    harness.send(session, new JsonObject().put("command", "message").put("identifier", CHAT)
        .put("data", "{\"action\":\"speak\"}").encode());

    FakeController.Performed performed = Await.next(harness.controller.performs);
    assertEquals("{\"action\":\"speak\"}", performed.data());
    assertEquals(Map.of("room", "1"), istateSeen.get());
    assertEquals(Frames.data(CHAT, "{\"said\":true}"), connection.awaitFrames(3).get(2));
    assertEquals(Set.of("chat/2"), Set.copyOf(subscription(CHAT).streams()), "chat/1 stopped, chat/2 added");
    assertEquals(Map.of(), Map.copyOf(subscription(CHAT).istate()), "an empty value deletes the istate key");
    assertEquals(Map.of("seen", "yes"), Await.on(harness.context, () -> Map.copyOf(session.cstate())));
  }

  @Test
  @DisplayName("Verifies that a message answer asking to disconnect sends its transmissions, then closes with 1000")
  void messageAnswerMayDisconnect() {
    harness.controller.onPerform((r, data) -> Future.succeededFuture(new CommandResult(Status.SUCCESS,
        List.of(Frames.disconnect("bye", false)), List.of(), List.of(), false, true, Map.of(), Map.of(), "", false)));
    subscribe();
    harness.send(session, new JsonObject().put("command", "message").put("identifier", CHAT).put("data", "{}")
        .encode());

    assertEquals(1000, connection.awaitClose());
    assertEquals(Frames.disconnect("bye", false), connection.frames().get(2));
  }

  @Test
  @DisplayName("Verifies that a message for an identifier without a subscription is ignored without counting a failure")
  void messageForUnknownIdentifierIsIgnored() {
    harness.send(session, new JsonObject().put("command", "message").put("identifier", CHAT).put("data", "{}")
        .encode());
    harness.barrier(session, connection);

    assertTrue(harness.controller.performs.isEmpty());
    assertEquals(0.0, harness.counters.failedClientMessages().count());
  }
}
