package io.cablecluster.gateway.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.gateway.broker.NoBroker;
import io.cablecluster.gateway.encoder.JsonEncoder;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.CountingEncoder;
import io.cablecluster.gateway.testing.RecordingBroker;
import io.cablecluster.gateway.testing.RecordingSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The stream index: consumers per stream, reference counts, the broker's view, and the join contract. */
@ExtendWith(VertxExtension.class)
class StreamHubTest {
  private Vertx vertx;
  private RecordingBroker broker;
  private StreamHub hub;
  private Context loopA;
  private Context loopB;
  private final CountingEncoder encoder = new CountingEncoder("json");

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    broker = new RecordingBroker(new NoBroker());
    hub = new StreamHub(vertx, broker);
    loopA = vertx.getOrCreateContext();
    loopB = vertx.getOrCreateContext();
    // The relay turns cluster broadcasts into node-local stream messages, as on a node.
    Await.result(vertx.deployVerticle(new BroadcastRelay(new CableMetrics(Map.of()), c -> { })));
  }

  /** Joins on the subscriber's own event loop, as sessions do, and waits until the stream is reachable. */
  private void join(String stream, RecordingSubscriber subscriber, String identifier) {
    Await.result(Await.on(subscriber.context(), () -> hub.join(stream, subscriber, identifier)));
  }

  private void leave(String stream, RecordingSubscriber subscriber, String identifier) {
    Await.run(subscriber.context(), () -> hub.leave(stream, subscriber, identifier));
  }

  private void publish(String stream, String data) {
    vertx.eventBus().publish(Addresses.BROADCAST, Broadcast.of(stream, data).encode());
  }

  @Test
  @DisplayName("Verifies that subscribers of one stream on two event loops share one consumer, one broker subscription and one frame")
  void oneConsumerPerStreamSharedAcrossEventLoops() {
    RecordingSubscriber a = new RecordingSubscriber(loopA, "a", encoder);
    RecordingSubscriber b = new RecordingSubscriber(loopB, "b", encoder);
    join("chat", a, "ID");
    join("chat", b, "ID");

    assertEquals(1, hub.size());
    assertEquals(1, broker.subscribeCalls("chat"));
    publish("chat", "{\"n\":1}");

    assertEquals(Frames.data("ID", "{\"n\":1}"), a.awaitFrames(1).get(0).toString());
    assertSame(a.awaitFrames(1).get(0), b.awaitFrames(1).get(0), "the same encoded frame goes to both sockets");
    assertEquals(1, encoder.dataCalls());
    assertEquals(0, a.foreignDeliveries() + b.foreignDeliveries(), "each delivery runs on its subscriber's loop");
  }

  @Test
  @DisplayName("Verifies that a join completes only once the broker acknowledged that this node follows the stream")
  void joinWaitsForTheBroker() {
    RecordingBroker held = new RecordingBroker(new NoBroker()).holdSubscribes();
    StreamHub slowHub = new StreamHub(vertx, held);
    RecordingSubscriber a = new RecordingSubscriber(loopA, "a", encoder);

    Future<Void> joined = Await.on(loopA, () -> slowHub.join("chat", a, "ID"));
    var brokerAnswer = Await.next(held.heldSubscribes);
    assertFalse(joined.isComplete());
    brokerAnswer.complete(null);
    Await.result(joined);
  }

  @Test
  @DisplayName("Verifies that leaving keeps the stream while others hold it, and the last leave unregisters it and tells the broker")
  void lastLeaveUnregistersAndTellsTheBroker() {
    RecordingSubscriber stays = new RecordingSubscriber(loopA, "stays", encoder);
    RecordingSubscriber goes = new RecordingSubscriber(loopA, "goes", encoder);
    join("chat", stays, "ID");
    join("chat", goes, "ID");

    leave("chat", goes, "ID");
    assertEquals(1, hub.size());
    assertEquals(0, broker.unsubscribeCalls("chat"));
    publish("chat", "1");
    stays.awaitFrames(1);
    assertEquals(List.of(), goes.frames(), "delivered in the same task as the subscriber who stayed");

    leave("chat", stays, "ID");
    assertEquals("chat", Await.next(broker.unsubscribed));
    assertEquals(0, hub.size());
    Throwable noConsumer = Await.failure(vertx.eventBus().request(Addresses.stream("chat"), "probe"));
    assertEquals(ReplyFailure.NO_HANDLERS, assertInstanceOf(ReplyException.class, noConsumer).failureType());
  }

  @Test
  @DisplayName("Verifies that a stream closed by its last leave is opened afresh by the next join")
  void streamReopensAfterItClosed() {
    RecordingSubscriber a = new RecordingSubscriber(loopA, "a", encoder);
    join("chat", a, "ID");
    leave("chat", a, "ID");
    Await.next(broker.unsubscribed);

    RecordingSubscriber b = new RecordingSubscriber(loopB, "b", encoder);
    join("chat", b, "ID");
    publish("chat", "2");

    assertEquals(Frames.data("ID", "2"), b.awaitFrames(1).get(0).toString());
    assertEquals(2, broker.subscribeCalls("chat"));
    assertEquals(List.of(), a.frames());
  }

  @Test
  @DisplayName("Verifies that one connection holding a stream under two identifiers gets one frame per identifier")
  void oneStreamUnderTwoIdentifiers() {
    RecordingSubscriber a = new RecordingSubscriber(loopA, "a", JsonEncoder.INSTANCE);
    join("chat", a, "ID1");
    join("chat", a, "ID2");
    publish("chat", "1");

    List<String> frames = a.awaitFrames(2).stream().map(Object::toString).sorted().toList();
    assertEquals(List.of(Frames.data("ID1", "1"), Frames.data("ID2", "1")), frames);

    leave("chat", a, "ID1");
    assertEquals(1, hub.size(), "still held under ID2");
    publish("chat", "2");
    assertEquals(Frames.data("ID2", "2"), a.awaitFrames(3).get(2).toString());
  }

  @Test
  @DisplayName("Verifies that concurrent joins and leaves of the same streams from two event loops keep exact counts")
  void concurrentJoinsAndLeavesFromTwoEventLoops() {
    int streams = 200;
    RecordingSubscriber a = new RecordingSubscriber(loopA, "a", encoder);
    RecordingSubscriber b = new RecordingSubscriber(loopB, "b", encoder);
    // Both loops run their joins at the same time; only the hub's shard locks keep them apart.
    Future<Future<Void>> joinsA = joinAll(a, streams);
    Future<Future<Void>> joinsB = joinAll(b, streams);
    Await.result(Await.result(joinsA));
    Await.result(Await.result(joinsB));

    assertEquals(streams, hub.size());
    for (int i = 0; i < streams; i++) {
      assertEquals(1, broker.subscribeCalls("s" + i), "stream s" + i);
    }
    publish("s7", "7");
    assertEquals(Frames.data("ID", "7"), a.awaitFrames(1).get(0).toString());
    assertEquals(Frames.data("ID", "7"), b.awaitFrames(1).get(0).toString());
    assertEquals(1, encoder.dataCalls());

    Future<Void> leftA = leaveAll(a, streams);
    Future<Void> leftB = leaveAll(b, streams);
    Await.result(leftA);
    Await.result(leftB);
    assertEquals(0, hub.size());
    for (int i = 0; i < streams; i++) {
      Await.next(broker.unsubscribed);
    }
    for (int i = 0; i < streams; i++) {
      assertEquals(1, broker.unsubscribeCalls("s" + i), "stream s" + i);
    }
  }

  private Future<Future<Void>> joinAll(RecordingSubscriber subscriber, int streams) {
    io.vertx.core.Promise<Future<Void>> started = io.vertx.core.Promise.promise();
    subscriber.context().runOnContext(v -> {
      List<Future<Void>> joins = new java.util.ArrayList<>();
      for (int i = 0; i < streams; i++) {
        joins.add(hub.join("s" + i, subscriber, "ID"));
      }
      started.complete(Future.all(joins).mapEmpty());
    });
    return started.future();
  }

  private Future<Void> leaveAll(RecordingSubscriber subscriber, int streams) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    subscriber.context().runOnContext(v -> {
      for (int i = 0; i < streams; i++) {
        hub.leave("s" + i, subscriber, "ID");
      }
      done.complete();
    });
    return done.future();
  }
}
