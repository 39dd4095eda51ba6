package io.cablecluster.gateway.session;

import static io.cablecluster.gateway.session.SessionHarness.PONG;
import static io.cablecluster.gateway.session.SessionHarness.command;
import static io.cablecluster.gateway.session.SessionHarness.identifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.sessions.MemorySessionVault;
import io.cablecluster.core.sessions.SessionsConfig;
import io.cablecluster.core.streams.MemoryStreamLog;
import io.cablecluster.core.streams.StreamLogConfig;
import io.cablecluster.core.BusMessage;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.gateway.broker.Broker;
import io.cablecluster.gateway.broker.MemoryBroker;
import io.cablecluster.gateway.broker.NoBroker;
import io.cablecluster.gateway.controller.CommandResult;
import io.cablecluster.gateway.controller.Status;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.Brokers;
import io.cablecluster.gateway.testing.FakeConnection;
import io.cablecluster.gateway.testing.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The commands Commands answers without the controller (history, whisper, presence, ping) and bad frames. */
@ExtendWith(VertxExtension.class)
class CommandsTest {
  private static final String CHAT = identifier("Chat");
  private static final String WHISPERLESS = identifier("Quiet");
  private static final String PRESENT = identifier("Present");
  private SessionHarness harness;
  private FakeConnection connection;
  private Session session;

  /** A connected session whose subscriptions to CHAT may whisper to chat/1; WHISPERLESS streams chat/2 only. */
  private void connect(Vertx vertx, Broker broker) {
    harness = new SessionHarness(vertx, TestConfigs.config(), broker);
    harness.controller.onSubscribe(r -> Future.succeededFuture(new CommandResult(Status.SUCCESS,
        List.of(Frames.confirm(r.identifier())), List.of(r.identifier().equals(CHAT) ? "chat/1" : "chat/2"),
        List.of(), false, false, istate(r.identifier()), Map.of(), "", false)));
    connection = new FakeConnection();
    session = harness.connect(connection);
  }

  /** CHAT may whisper to chat/1; PRESENT keeps presence on chat/3. */
  private static Map<String, String> istate(String identifier) {
    return identifier.equals(CHAT) ? Map.of("$w", "chat/1") : identifier.equals(PRESENT) ? Map.of("$p", "chat/3")
        : Map.of();
  }

  private void subscribe(String identifier) {
    int before = connection.frames().size();
    harness.send(session, command("subscribe", identifier));
    connection.awaitFrames(before + 1);
  }

  private MemoryStreamLog log;

  private MemoryBroker memoryBroker(Vertx vertx) {
    log = new MemoryStreamLog(vertx, new StreamLogConfig("memory", 100, 300, 1000, 1 << 20));
    return Brokers.memory(vertx, log, new SessionsConfig(300, 1000, 65536));
  }

  private static String history(String identifier, JsonObject request) {
    return new JsonObject().put("command", "history").put("identifier", identifier).put("history", request).encode();
  }

  @Test
  @DisplayName("Verifies that a history request served by the broker sends the missed messages with positions, then confirm_history")
  void historyWithBrokerConfirms(Vertx vertx) {
    MemoryBroker broker = memoryBroker(vertx);
    connect(vertx, broker);
    subscribe(CHAT);
    String epoch = Await.result(log.append(Broadcast.of("chat/1", "{\"n\":1}"), null)).epoch();
    Broadcast second = Await.result(log.append(Broadcast.of("chat/1", "{\"n\":2}"), null));

    harness.send(session, history(CHAT, new JsonObject().put("streams",
        new JsonObject().put("chat/1", new JsonObject().put("epoch", epoch).put("offset", 1)))));

    List<String> frames = connection.awaitFrames(4);
    assertEquals(Frames.data(CHAT, "{\"n\":2}", second), frames.get(2));
    assertEquals(Frames.confirmHistory(CHAT), frames.get(3));
  }

  @Test
  @DisplayName("Verifies that without a broker a history request is answered reject_history")
  void historyWithoutBrokerRejects(Vertx vertx) {
    connect(vertx, new NoBroker());
    subscribe(CHAT);
    harness.send(session, history(CHAT, new JsonObject().put("since", System.currentTimeMillis() / 1000 - 60)));

    assertEquals(Frames.rejectHistory(CHAT), connection.awaitFrames(3).get(2));
  }

  @Test
  @DisplayName("Verifies that a subscribe carrying history is confirmed first, then answered with the history")
  void subscribeWithHistoryConfirmsThenReplays(Vertx vertx) {
    MemoryBroker broker = memoryBroker(vertx);
    connect(vertx, broker);
    Broadcast kept = Await.result(log.append(Broadcast.of("chat/1", "\"before\""), null));

    harness.send(session, new JsonObject().put("command", "subscribe").put("identifier", CHAT)
        .put("history", new JsonObject().put("since", System.currentTimeMillis() / 1000 - 60)).encode());

    assertEquals(List.of(Frames.welcome(session.sid()), Frames.confirm(CHAT), Frames.data(CHAT, "\"before\"", kept),
        Frames.confirmHistory(CHAT)), connection.awaitFrames(4));
  }

  @Test
  @DisplayName("Verifies that a whisper is published as a transient broadcast to the $w stream, excluding the sender")
  void whisperPublishesATransientBroadcastExcludingTheSender(Vertx vertx) {
    connect(vertx, new NoBroker());
    BlockingQueue<String> published = new LinkedBlockingQueue<>();
    Await.result(vertx.eventBus().<String>consumer(Addresses.BROADCAST, m -> published.add(m.body())).completion());
    subscribe(CHAT);
    subscribe(WHISPERLESS);

    // Published in order from one event loop: the ignored whisper would arrive first if it went out.
    harness.send(session, new JsonObject().put("command", "whisper").put("identifier", WHISPERLESS)
        .put("data", new JsonObject().put("event", "nope")).encode());
    harness.send(session, new JsonObject().put("command", "whisper").put("identifier", CHAT)
        .put("data", new JsonObject().put("event", "typing")).encode());

    Broadcast whisper = (Broadcast) BusMessage.decode(Await.next(published));
    assertEquals(new Broadcast("chat/1", "{\"event\":\"typing\"}", session.sid(), true, null, null, 0), whisper);
  }

  @Test
  @DisplayName("Verifies that presence on a broker without presence is answered with a presence error")
  void presenceWithoutSupportAnswersAnError(Vertx vertx) {
    connect(vertx, new NoBroker());
    subscribe(CHAT);
    harness.send(session, new JsonObject().put("command", "presence").put("identifier", CHAT).encode());

    assertEquals(Frames.presenceError(CHAT), connection.awaitFrames(3).get(2));
  }

  @Test
  @DisplayName("Verifies that a presence join the store refuses (info over the bound) is counted, answers nothing and a valid join still works")
  void aRefusedPresenceJoinIsCounted(Vertx vertx) {
    connect(vertx, memoryBroker(vertx));
    subscribe(PRESENT);
    harness.send(session, new JsonObject().put("command", "join").put("identifier", PRESENT)
        .put("presence", new JsonObject().put("id", "big").put("info", "x".repeat(5000))).encode());
    harness.barrier(session, connection);
    assertEquals(1.0, harness.counters.presenceRefused().count());

    harness.send(session, new JsonObject().put("command", "join").put("identifier", PRESENT)
        .put("presence", new JsonObject().put("id", "small").put("info", "ok")).encode());
    harness.send(session, new JsonObject().put("command", "presence").put("identifier", PRESENT).encode());
    // The join's event reaches this subscriber too; the presence answer is the frame of type "presence".
    JsonObject info = connection.awaitFrames(4).stream().map(frame -> new JsonObject(frame.toString()))
        .filter(frame -> "presence".equals(frame.getString("type"))).findFirst().orElseThrow();
    assertEquals(1, info.getJsonObject("message").getInteger("total"), info.encode());
    assertEquals(1.0, harness.counters.presenceRefused().count());
  }

  @Test
  @DisplayName("Verifies that ping is answered with pong and join/leave without presence are ignored quietly")
  void pingPongsAndPresenceJoinIsIgnored(Vertx vertx) {
    connect(vertx, new NoBroker());
    subscribe(CHAT);
    harness.send(session, command("join", CHAT));
    harness.barrier(session, connection);

    assertEquals(List.of(Frames.welcome(session.sid()), Frames.confirm(CHAT), PONG), connection.frames());
    assertEquals(0.0, harness.counters.failedClientMessages().count());
  }

  @Test
  @DisplayName("Verifies that unknown commands, missing identifiers, malformed JSON and binary frames are counted as failed and the socket stays open")
  void badFramesAreCountedAndIgnored(Vertx vertx) {
    connect(vertx, new NoBroker());
    harness.send(session, command("dance", CHAT));
    harness.send(session, command("subscribe", null));
    harness.send(session, "{not json");
    Await.run(harness.context, () -> session.receivedBinary(io.vertx.core.buffer.Buffer.buffer(new byte[] {1, 2})));
    harness.barrier(session, connection);

    assertEquals(4.0, harness.counters.failedClientMessages().count());
    assertEquals(3.0, harness.counters.clientMessages().count(), "decoded commands count: dance, subscribe, ping");
    assertTrue(harness.controller.subscribes.isEmpty());
    assertNull(connection.closeReason());
    assertEquals(Session.State.OPEN, Await.on(harness.context, session::state));
  }
}
