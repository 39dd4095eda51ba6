package io.cablecluster.gateway.session;

import static io.cablecluster.gateway.session.SessionHarness.command;
import static io.cablecluster.gateway.session.SessionHarness.identifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.sessions.MemorySessionVault;
import io.cablecluster.core.sessions.SessionsConfig;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.streams.MemoryStreamLog;
import io.cablecluster.core.streams.StreamLogConfig;
import io.cablecluster.core.streams.StreamPublisher;
import io.cablecluster.gateway.broker.MemoryBroker;
import io.cablecluster.gateway.broker.SessionSnapshot;
import io.cablecluster.gateway.controller.CommandResult;
import io.cablecluster.gateway.controller.Status;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.streams.BroadcastRelay;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.Brokers;
import io.cablecluster.gateway.testing.FakeConnection;
import io.cablecluster.gateway.testing.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Extended-protocol sessions kept by the memory broker and restored without a Connect call. */
@ExtendWith(VertxExtension.class)
class SessionRestoreTest {
  private static final String CHAT = identifier("Chat");
  private static final SessionSnapshot KEPT = new SessionSnapshot("{\"uid\":\"7\"}", Map.of("lang", "fr"),
      List.of(new SessionSnapshot.SubscriptionSnapshot(CHAT, List.of("chat/1"), Map.of("room", "1"))), true);
  private Vertx vertx;
  private MemoryBroker broker;
  private StreamPublisher publisher;
  private SessionHarness harness;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    CableMetrics metrics = new CableMetrics(Map.of());
    MemoryStreamLog log = new MemoryStreamLog(vertx, new StreamLogConfig("memory", 100, 300, 1000, 1 << 20));
    broker = Brokers.memory(vertx, log, new SessionsConfig(300, 1000, 65536));
    publisher = new StreamPublisher(vertx.eventBus(), log);
    harness = new SessionHarness(vertx, TestConfigs.config(), broker);
    Await.result(vertx.deployVerticle(new BroadcastRelay(metrics, command -> { })));
  }

  private static FakeConnection restoring(String header, String query) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (header != null) {
      headers.add("X-AnyCable-Restore-Sid", header);
    }
    return new FakeConnection(headers, query);
  }

  @Test
  @DisplayName("Verifies that a kept session is restored without Connect: state back, streams re-joined, restored welcome")
  void restoresFromTheBrokerSnapshot() {
    Await.result(broker.commitSession("old-sid", KEPT));
    FakeConnection connection = restoring("old-sid", null);
    Session session = harness.connect(connection, true);

    JsonObject welcome = new JsonObject(connection.frames().get(0));
    assertEquals(new JsonObject().put("type", "welcome").put("sid", session.sid()).put("restored", true)
        .put("restored_ids", new JsonArray().add(CHAT)), welcome);
    assertTrue(harness.controller.connects.isEmpty(), "no Connect call for a restored session");
    assertEquals("{\"uid\":\"7\"}", session.identifiers());
    assertEquals(Map.of("lang", "fr"), Await.on(harness.context, () -> Map.copyOf(session.cstate())));
    Subscription chat = Await.on(harness.context, () -> session.subscriptions().get(CHAT));
    assertEquals(Set.of("chat/1"), Set.copyOf(chat.streams()));
    assertEquals(Map.of("room", "1"), Map.copyOf(chat.istate()));
    assertEquals(1, harness.gateway.registry().size());

    // Live frames of a restored subscription wait for the client's history request, which replays them once.
    Await.result(publisher.publish(Broadcast.of("chat/1", "{\"text\":\"hi\"}"), null));
    harness.send(session, new JsonObject().put("command", "history").put("identifier", CHAT)
        .put("history", new JsonObject().put("since", System.currentTimeMillis() / 1000 - 60)).encode());
    List<String> frames = connection.awaitFrames(3);
    JsonObject data = new JsonObject(frames.get(1));
    assertEquals(CHAT, data.getString("identifier"));
    assertEquals(new JsonObject().put("text", "hi"), data.getJsonObject("message"));
    assertEquals(1L, data.getLong("offset"));
    assertEquals(Frames.confirmHistory(CHAT), frames.get(2));
    Await.run(harness.context, () -> { });
    assertEquals(3, connection.frames().size(), "the held live copy is not sent again after the replay");
  }

  @Test
  @DisplayName("Verifies that the restore sid may come from the query and that a snapshot restores only once")
  void restoresFromTheQueryOnlyOnce() {
    Await.result(broker.commitSession("old-sid", KEPT));
    harness.connect(restoring(null, "sid=old-sid"), true);
    assertTrue(harness.controller.connects.isEmpty());

    FakeConnection again = restoring(null, "sid=old-sid");
    Session second = harness.connect(again, true);
    assertEquals(second.sid(), Await.next(harness.controller.connects).sid(), "the second attempt is a Connect");
    assertEquals(List.of(Frames.welcome(second.sid())), again.frames());
  }

  @Test
  @DisplayName("Verifies that a plain Action Cable client naming a kept sid is identified by the controller, not restored")
  void plainProtocolNeverRestores() {
    Await.result(broker.commitSession("old-sid", KEPT));
    FakeConnection connection = restoring("old-sid", null);
    Session session = harness.connect(connection, false);

    assertEquals(session.sid(), Await.next(harness.controller.connects).sid());
    assertEquals(List.of(Frames.welcome(session.sid())), connection.frames());
  }

  @Test
  @DisplayName("Verifies that a closed extended session is committed to the broker and its client gets it back")
  void closedExtendedSessionRestoresOnReconnect() {
    harness.controller.onSubscribe(r -> Future.succeededFuture(new CommandResult(Status.SUCCESS,
        List.of(Frames.confirm(CHAT)), List.of("chat/9"), List.of(), false, false, Map.of("$w", "chat/9"), Map.of(),
        "", false)));
    FakeConnection first = new FakeConnection();
    Session original = harness.connect(first, true);
    harness.send(original, command("subscribe", CHAT));
    first.awaitFrames(2);
    Await.run(harness.context, original::closed);
    Await.result(original.whenClosed());
    assertEquals(0, harness.hub.size());

    FakeConnection back = restoring(original.sid(), null);
    Session restored = harness.connect(back, true);

    assertEquals(new JsonArray().add(CHAT), new JsonObject(back.frames().get(0)).getJsonArray("restored_ids"));
    assertEquals(Map.of("$w", "chat/9"),
        Await.on(harness.context, () -> Map.copyOf(restored.subscriptions().get(CHAT).istate())));
    assertEquals(1, harness.hub.size());
    assertEquals(1, harness.controller.connects.size(), "only the first connection was identified by Connect");
  }
}
