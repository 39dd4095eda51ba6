package io.cablecluster.gateway.session;

import static io.cablecluster.gateway.session.SessionHarness.PONG;
import static io.cablecluster.gateway.session.SessionHarness.command;
import static io.cablecluster.gateway.session.SessionHarness.identifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cablecluster.gateway.broker.NoBroker;
import io.cablecluster.gateway.controller.CommandResult;
import io.cablecluster.gateway.controller.Status;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.FakeConnection;
import io.cablecluster.gateway.testing.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How answers of each status change a session, in AnyCable's order (PROTOCOL.md §a, §d). */
@ExtendWith(VertxExtension.class)
class ResultApplierTest {
  private static final String CHAT = identifier("Chat");
  private SessionHarness harness;
  private FakeConnection connection;
  private Session session;

  @BeforeEach
  void setUp(Vertx vertx) {
    harness = new SessionHarness(vertx, TestConfigs.config(), new NoBroker());
    connection = new FakeConnection();
    session = harness.connect(connection);
  }

  private static CommandResult result(Status status, List<String> transmissions, List<String> streams,
                                      boolean stopAll, Map<String, String> cstate) {
    return new CommandResult(status, transmissions, streams, List.of(), stopAll, false, Map.of(), cstate, "", false);
  }

  private void subscribeTo(String... streams) {
    harness.controller.onSubscribe(r -> Future.succeededFuture(result(Status.SUCCESS,
        List.of(Frames.confirm(CHAT)), List.of(streams), false, Map.of())));
    harness.send(session, command("subscribe", CHAT));
    harness.barrier(session, connection);
  }

  private void message() {
    harness.send(session, new JsonObject().put("command", "message").put("identifier", CHAT).put("data", "{}")
        .encode());
    harness.barrier(session, connection);
  }

  @Test
  @DisplayName("Verifies that a subscribe answered ERROR sends nothing, not even its transmissions, and records nothing")
  void subscribeErrorSendsNothing() {
    harness.controller.onSubscribe(r -> Future.succeededFuture(result(Status.ERROR, List.of(Frames.reject(CHAT)),
        List.of("chat/1"), false, Map.of())));
    harness.send(session, command("subscribe", CHAT));
    harness.barrier(session, connection);

    assertEquals(List.of(Frames.welcome(session.sid()), PONG), connection.frames());
    assertNull(Await.on(harness.context, () -> session.subscriptions().get(CHAT)));
    assertEquals(0, harness.hub.size());
  }

  @Test
  @DisplayName("Verifies that stop_streams stops every stream of the subscription before the answer's new streams are added")
  void stopAllStreamsThenAdd() {
    subscribeTo("chat/1", "chat/2");
    harness.controller.onPerform((r, data) -> Future.succeededFuture(result(Status.SUCCESS, List.of(),
        List.of("chat/3"), true, Map.of())));
    message();

    assertEquals(Set.of("chat/3"), Await.on(harness.context, () -> Set.copyOf(session.subscriptions().get(CHAT)
        .streams())));
    assertEquals(1, harness.hub.size());
  }

  @Test
  @DisplayName("Verifies that a message answered FAILURE sends its transmissions but changes no streams or state")
  void messageFailureOnlyTransmits() {
    subscribeTo("chat/1");
    harness.controller.onPerform((r, data) -> Future.succeededFuture(result(Status.FAILURE,
        List.of(Frames.data(CHAT, "\"no\"")), List.of("chat/2"), true, Map.of("k", "v"))));
    message();

    assertEquals(Frames.data(CHAT, "\"no\""), connection.frames().get(3));
    assertEquals(Set.of("chat/1"), Await.on(harness.context, () -> Set.copyOf(session.subscriptions().get(CHAT)
        .streams())));
    assertEquals(Map.of(), Await.on(harness.context, () -> Map.copyOf(session.cstate())));
  }

  @Test
  @DisplayName("Verifies that cstate deltas merge across answers and an empty value deletes a key")
  void cstateDeltasMerge() {
    subscribeTo("chat/1");
    harness.controller.onPerform((r, data) -> Future.succeededFuture(result(Status.SUCCESS, List.of(), List.of(),
        false, Map.of("a", "1", "b", "2"))));
    message();
    harness.controller.onPerform((r, data) -> Future.succeededFuture(result(Status.SUCCESS, List.of(), List.of(),
        false, Map.of("a", ""))));
    message();

    assertEquals(Map.of("b", "2"), Await.on(harness.context, () -> Map.copyOf(session.cstate())));
  }

  @Test
  @DisplayName("Verifies that an unsubscribe answered FAILURE still drops the subscription and sends its transmissions")
  void unsubscribeFailureStillDrops() {
    subscribeTo("chat/1");
    harness.controller.onUnsubscribe(r -> Future.succeededFuture(result(Status.FAILURE,
        List.of(Frames.data(CHAT, "\"bye\"")), List.of(), false, Map.of())));
    harness.send(session, command("unsubscribe", CHAT));
    harness.barrier(session, connection);

    assertEquals(Frames.data(CHAT, "\"bye\""), connection.frames().get(3));
    assertNull(Await.on(harness.context, () -> session.subscriptions().get(CHAT)));
    assertEquals(0, harness.hub.size());
  }
}
