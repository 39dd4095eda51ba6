package io.cablecluster.gateway.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.gateway.testing.Await;
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

  private MemoryBroker broker(int maxSessions) {
    return new MemoryBroker(vertx, new BrokerConfig("memory", 100, 300, 1000, 300, maxSessions),
        new CableMetrics(Map.of()));
  }

  private Broker.Published publish(String data, String key) {
    return Await.result(broker.publish(Broadcast.of("chat", data), key));
  }

  @Test
  @DisplayName("Verifies that a repeated idempotency key answers the first position, not fresh, and stores nothing new")
  void idempotencyKeyDeduplicates() {
    Broker.Published first = publish("1", "key-1");
    Broker.Published repeat = publish("1", "key-1");
    Broker.Published other = publish("2", "key-2");

    assertTrue(first.fresh());
    assertFalse(repeat.fresh());
    assertEquals(first.broadcast(), repeat.broadcast());
    assertEquals(2, other.broadcast().offset());
    assertEquals(2, Await.result(broker.historySince("chat", 0)).size());
  }

  @Test
  @DisplayName("Verifies that broadcasts without a key are never deduplicated")
  void noKeyNoDeduplication() {
    publish("same", null);
    Broker.Published second = publish("same", null);

    assertTrue(second.fresh());
    assertEquals(2, second.broadcast().offset());
  }

  @Test
  @DisplayName("Verifies that transient broadcasts pass unnumbered and are not kept in history")
  void transientBroadcastsAreNotKept() {
    Broadcast whisper = new Broadcast("chat", "{}", "sid", true, null, null, 0);
    Broker.Published published = Await.result(broker.publish(whisper, null));

    assertTrue(published.fresh());
    assertSame(whisper, published.broadcast());
    assertEquals(List.of(), Await.result(broker.historySince("chat", 0)));
  }

  @Test
  @DisplayName("Verifies that subscribe answers the stream's high-water mark (null before the first message)")
  void subscribeAnswersTheHighWaterMark() {
    assertNull(Await.result(broker.subscribe("chat")));
    Broadcast last = publish("1", null).broadcast();
    assertEquals(new StreamPosition(last.epoch(), 1), Await.result(broker.subscribe("chat")));
  }

  @Test
  @DisplayName("Verifies that history from an unknown epoch fails as unknown epoch, so callers can fall back to since")
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
  @DisplayName("Verifies that presence is unsupported by the memory broker and by no broker")
  void presenceIsUnsupported() {
    assertInstanceOf(PresenceUnsupported.class, Await.failure(broker.presence("chat")));
    assertInstanceOf(PresenceUnsupported.class, Await.failure(new NoBroker().presence("chat")));
  }

  @Test
  @DisplayName("Verifies that without a broker broadcasts pass through fresh and unnumbered, history is unavailable, nothing restores")
  void noBrokerKeepsNothing() {
    NoBroker none = new NoBroker();
    Broadcast broadcast = Broadcast.of("chat", "1");
    Broker.Published published = Await.result(none.publish(broadcast, "key"));
    assertTrue(published.fresh());
    assertSame(broadcast, published.broadcast());
    assertTrue(Await.result(none.publish(broadcast, "key")).fresh(), "no key memory without a broker");

    assertInstanceOf(HistoryUnavailable.class, Await.failure(none.historySince("chat", 0)));
    assertInstanceOf(HistoryUnavailable.class, Await.failure(none.historyFrom("chat", "e", 1)));
    Await.result(none.commitSession("a", SNAPSHOT));
    assertNull(Await.result(none.restoreSession("a")));
    assertNull(Await.result(none.subscribe("chat")));
  }
}
