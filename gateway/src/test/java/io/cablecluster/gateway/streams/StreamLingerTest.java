package io.cablecluster.gateway.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.gateway.broker.NoBroker;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.CountingEncoder;
import io.cablecluster.gateway.testing.RecordingBroker;
import io.cablecluster.gateway.testing.RecordingSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hub's linger: a stream whose last subscriber left stays open for a while, so a resubscribe costs the
 * stream's home nothing, and the streams that close are told to the broker together. The sweep is driven
 * with explicit times (the hub's timer is never started here).
 */
@ExtendWith(VertxExtension.class)
class StreamLingerTest {
  private static final long LINGER_MS = 5_000;
  private Vertx vertx;
  private RecordingBroker broker;
  private StreamHub hub;
  private Context loop;
  private final CountingEncoder encoder = new CountingEncoder("json");

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    broker = new RecordingBroker(new NoBroker());
    hub = hub(broker, 10);
    loop = vertx.getOrCreateContext();
    Await.result(vertx.deployVerticle(new BroadcastRelay(new CableMetrics(Map.of()), c -> { })));
  }

  private StreamHub hub(RecordingBroker recording, int maxLingering) {
    return new StreamHub(vertx, recording, SequencerSettings.DEFAULT, new StreamLinger(LINGER_MS, maxLingering));
  }

  private void join(StreamHub on, String stream, RecordingSubscriber subscriber) {
    Await.result(Await.on(subscriber.context(), () -> on.join(stream, subscriber, "ID")));
  }

  private void leave(StreamHub on, String stream, RecordingSubscriber subscriber) {
    Await.run(subscriber.context(), () -> on.leave(stream, subscriber, "ID"));
  }

  private void sweepAfter(StreamHub on, long millis) {
    Await.run(loop, () -> on.sweep(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis)));
  }

  @Test
  @DisplayName("Verifies that a resubscribe within the linger reuses the open stream without asking the broker again")
  void resubscribeWithinTheLingerCostsTheBrokerNothing() {
    RecordingSubscriber first = new RecordingSubscriber(loop, "first", encoder);
    join(hub, "chat", first);
    leave(hub, "chat", first);
    assertEquals(0, hub.size(), "no subscriber holds it");
    assertEquals(1, hub.lingering());

    RecordingSubscriber again = new RecordingSubscriber(loop, "again", encoder);
    join(hub, "chat", again);
    vertx.eventBus().publish(Addresses.BROADCAST, Broadcast.of("chat", "1").encode());

    assertEquals(Frames.data("ID", "1"), again.awaitFrames(1).get(0).toString());
    assertEquals(1, broker.subscribeCalls("chat"));
    assertEquals(0, hub.lingering());
    sweepAfter(hub, LINGER_MS * 2);
    assertEquals(0, broker.unsubscribeCalls("chat"), "held again, so never closed");
    assertEquals(1, hub.size());
  }

  @Test
  @DisplayName("Verifies that streams idle for the whole linger are closed by one sweep and told to the broker in one call")
  void expiredStreamsCloseTogether() {
    RecordingSubscriber subscriber = new RecordingSubscriber(loop, "s", encoder);
    for (String stream : new String[] {"a", "b", "c"}) {
      join(hub, stream, subscriber);
      leave(hub, stream, subscriber);
    }
    sweepAfter(hub, LINGER_MS / 2);
    assertTrue(broker.unsubscribeBatches.isEmpty(), "not idle long enough");
    assertEquals(3, hub.lingering());

    sweepAfter(hub, LINGER_MS + 1);
    assertEquals(Set.of("a", "b", "c"), Await.next(broker.unsubscribeBatches));
    assertEquals(0, hub.lingering());
    assertEquals(0, hub.size());
  }

  @Test
  @DisplayName("Verifies that beyond stream_linger_max a stream whose last subscriber left closes at once")
  void beyondTheBoundStreamsCloseAtOnce() {
    StreamHub small = hub(broker, 1);
    RecordingSubscriber subscriber = new RecordingSubscriber(loop, "s", encoder);
    join(small, "kept", subscriber);
    join(small, "closed", subscriber);
    leave(small, "kept", subscriber);
    leave(small, "closed", subscriber);

    assertEquals(Set.of("closed"), Await.next(broker.unsubscribeBatches));
    assertEquals(1, small.lingering());
    assertEquals(0, broker.unsubscribeCalls("kept"));
  }

  @Test
  @DisplayName("Verifies that a join arriving while its stream is being closed subscribes only after the broker heard the close")
  void rejoinWaitsForTheCloseToReachTheBroker() {
    RecordingBroker held = new RecordingBroker(new NoBroker()).holdUnsubscribes();
    StreamHub closing = hub(held, 0);
    RecordingSubscriber subscriber = new RecordingSubscriber(loop, "s", encoder);
    join(closing, "chat", subscriber);
    leave(closing, "chat", subscriber);
    var unsubscribe = Await.next(held.heldUnsubscribes);

    Future<Void> rejoined = Await.on(loop, () -> closing.join("chat", subscriber, "ID"));
    assertFalse(rejoined.isComplete());
    assertEquals(1, held.subscribeCalls("chat"), "the follow must not overtake the unfollow");
    unsubscribe.complete();
    Await.result(rejoined);
    assertEquals(2, held.subscribeCalls("chat"));
  }
}
