package io.cablecluster.gateway.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.sessions.MemorySessionVault;
import io.cablecluster.core.sessions.SessionsConfig;
import io.cablecluster.core.streams.HistoryUnavailable;
import io.cablecluster.core.streams.MemoryStreamLog;
import io.cablecluster.core.streams.NoStreamLog;
import io.cablecluster.core.streams.StreamLogConfig;
import io.cablecluster.core.streams.StreamPosition;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.Brokers;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The memory broker's contract as callers see it, and what the absence of a broker answers. */
@ExtendWith(VertxExtension.class)
class MemoryBrokerTest {
  private static final SessionSnapshot SNAPSHOT = new SessionSnapshot("{\"uid\":\"1\"}", Map.of(), List.of(), false);
  private Vertx vertx;
  private MemoryBroker broker;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    broker = broker(100);
  }

  private MemoryStreamLog log;

  private MemoryBroker broker(int maxSessions) {
    log = new MemoryStreamLog(vertx, new StreamLogConfig("memory", 100, 300, 1000, 1 << 20));
    return Brokers.memory(vertx, log, new SessionsConfig(300, maxSessions, 65536));
  }

  private Broadcast publish(String data, String key) {
    return Await.result(log.append(Broadcast.of("chat", data), key));
  }

  @Test
  @DisplayName("Verifies that history through the broker is the stream log's: by position and by time")
  void historyComesFromTheStreamLog() {
    Broadcast first = publish("1", "key-1");
    publish("1", "key-1");
    Broadcast other = publish("2", "key-2");

    assertEquals(2, other.offset());
    assertEquals(2, Await.result(broker.historySince("chat", 0)).size());
    assertEquals(List.of(other), Await.result(broker.historyFrom("chat", first.epoch(), 1)));
  }

  @Test
  @DisplayName("Verifies that transient broadcasts pass unnumbered and are not kept in history")
  void transientBroadcastsAreNotKept() {
    Broadcast whisper = new Broadcast("chat", "{}", "sid", true, null, null, 0);
    assertSame(whisper, Await.result(log.append(whisper, null)));
    assertEquals(List.of(), Await.result(broker.historySince("chat", 0)));
  }

  @Test
  @DisplayName("Verifies that subscribe answers the stream's high-water mark (null before the first message)")
  void subscribeAnswersTheHighWaterMark() {
    assertNull(Await.result(broker.subscribe("chat")));
    Broadcast last = publish("1", null);
    assertEquals(new StreamPosition(last.epoch(), 1), Await.result(broker.subscribe("chat")));
  }

  @Test
  @DisplayName("Verifies that history from an unknown epoch fails as unknown epoch")
  void unknownEpochIsReported() {
    publish("1", null);
    Throwable failure = Await.failure(broker.historyFrom("chat", "nope", 0));
    assertTrue(assertInstanceOf(HistoryUnavailable.class, failure).unknownEpoch());
  }

  @Test
  @DisplayName("Verifies that a committed session restores once, unknown sids restore nothing, and sessions_max is a ceiling")
  void sessionsRestoreOnce() {
    Await.result(broker.commitSession("a", SNAPSHOT));
    assertEquals(SNAPSHOT, Await.result(broker.restoreSession("a")));
    assertNull(Await.result(broker.restoreSession("a")));
    assertNull(Await.result(broker.restoreSession("unknown")));

    MemoryBroker small = broker(1);
    Await.result(small.commitSession("a", SNAPSHOT));
    Await.result(small.commitSession("b", SNAPSHOT));
    assertNull(Await.result(small.restoreSession("b")), "over sessions_max: not kept");
    assertEquals(SNAPSHOT, Await.result(small.restoreSession("a")));
  }

  @Test
  @DisplayName("Verifies that a snapshot travels as text and comes back equal: identifiers, cstate, streams, istate, disconnect interest")
  void snapshotsRoundTripAsText() {
    SessionSnapshot full = new SessionSnapshot("{\"uid\":\"1\"}", Map.of("lang", "fr"),
        List.of(new SessionSnapshot.SubscriptionSnapshot("{\"channel\":\"Chat\"}", List.of("a", "b/c"),
            Map.of("room", "1"))), true);
    assertEquals(full, SessionSnapshot.decode(full.encode()));
    assertNull(SessionSnapshot.decode("{\"subs\":[1]}"), "a malformed vault entry restores nothing");
    assertNull(SessionSnapshot.decode("not json"));
  }

  @Test
  @DisplayName("Verifies that a snapshot over sessions_max_bytes is not kept")
  void oversizedSnapshotsAreNotKept() {
    MemoryBroker tight = Brokers.memory(vertx, log, new SessionsConfig(300, 10, 1024));
    SessionSnapshot big = new SessionSnapshot("{\"uid\":\"" + "x".repeat(2000) + "\"}", Map.of(), List.of(), false);
    Await.result(tight.commitSession("big", big));
    assertNull(Await.result(tight.restoreSession("big")));
  }

  @Test
  @DisplayName("Verifies that presence has one record per id: the first session's join and the last session's leave are announced, info counts ids")
  void presenceAnnouncesIdsNotSessions() {
    java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
    Await.result(vertx.eventBus().<String>consumer(io.cablecluster.core.Addresses.BROADCAST,
        m -> events.add(m.body())).completion());
    Await.result(broker.presenceJoin("room", "sid-1", "u1", "{\"name\":\"V\"}"));
    Await.result(broker.presenceJoin("room", "sid-2", "u1", "{\"name\":\"V\"}"));
    Await.result(broker.presenceJoin("room", "sid-3", "u2", null));
    Broadcast join = (Broadcast) io.cablecluster.core.BusMessage.decode(Await.next(events));
    assertEquals("presence", join.broadcastType());
    assertTrue(join.isTransient());
    assertEquals(new io.vertx.core.json.JsonObject("{\"type\":\"join\",\"id\":\"u1\",\"info\":{\"name\":\"V\"}}"),
        new io.vertx.core.json.JsonObject(join.data()));
    assertEquals("u2", new io.vertx.core.json.JsonObject(
        ((Broadcast) io.cablecluster.core.BusMessage.decode(Await.next(events))).data()).getString("id"));
    assertEquals(new io.vertx.core.json.JsonObject("{\"type\":\"info\",\"total\":2}"),
        new io.vertx.core.json.JsonObject(Await.result(broker.presenceInfo("room", false))));

    Await.result(broker.presenceLeave("room", "sid-1"));
    Await.result(broker.presenceLeave("room", "sid-2"));
    assertEquals("{\"type\":\"leave\",\"id\":\"u1\"}",
        ((Broadcast) io.cablecluster.core.BusMessage.decode(Await.next(events))).data());
    assertTrue(events.isEmpty(), "sid-1 leaving announced nothing: u1 still had sid-2");
    assertInstanceOf(PresenceUnsupported.class, Await.failure(new NoBroker().presenceInfo("room", true)));
  }

  @Test
  @DisplayName("Verifies that without a broker broadcasts pass through unnumbered, history is unavailable, nothing restores")
  void noBrokerKeepsNothing() {
    NoBroker none = new NoBroker();
    Broadcast broadcast = Broadcast.of("chat", "1");
    assertSame(broadcast, Await.result(NoStreamLog.INSTANCE.append(broadcast, "key")));

    assertInstanceOf(HistoryUnavailable.class, Await.failure(none.historySince("chat", 0)));
    assertInstanceOf(HistoryUnavailable.class, Await.failure(none.historyFrom("chat", "e", 1)));
    Await.result(none.commitSession("a", SNAPSHOT));
    assertNull(Await.result(none.restoreSession("a")));
    assertNull(Await.result(none.subscribe("chat")));
  }
}
