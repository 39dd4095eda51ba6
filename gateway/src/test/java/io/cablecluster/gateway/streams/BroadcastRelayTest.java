package io.cablecluster.gateway.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.RemoteDisconnect;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.cablecluster.gateway.broker.Broker;
import io.cablecluster.gateway.broker.BrokerConfig;
import io.cablecluster.gateway.broker.MemoryBroker;
import io.cablecluster.gateway.broker.NoBroker;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.RecordingBroker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The node's broadcast consumer: through the broker, then to the node-local stream address. */
@ExtendWith(VertxExtension.class)
class BroadcastRelayTest {
  private final CableMetrics metrics = new CableMetrics(Map.of());
  private final BlockingQueue<Broadcast> delivered = new LinkedBlockingQueue<>();
  private final BlockingQueue<RemoteDisconnect> disconnects = new LinkedBlockingQueue<>();
  private Vertx vertx;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
  }

  private void deploy(Broker broker) {
    Await.result(vertx.deployVerticle(new BroadcastRelay(metrics, disconnects::add, broker)));
    Await.result(vertx.eventBus().<Broadcast>localConsumer(Addresses.stream("chat"), m -> delivered.add(m.body()))
        .completion());
  }

  private void publish(String text) {
    vertx.eventBus().publish(Addresses.BROADCAST, text);
  }

  @Test
  @DisplayName("Verifies that broadcasts are numbered by the memory broker and delivered in order; transient ones stay unnumbered")
  void memoryBrokerNumbersBroadcasts() {
    deploy(new MemoryBroker(vertx, new BrokerConfig("memory", 100, 300, 1000, 300, 1000), metrics));
    publish(Broadcast.of("chat", "1").encode());
    publish(Broadcast.of("chat", "2").encode());
    publish(new Broadcast("chat", "3", null, true, null, null, 0).encode());

    Broadcast first = Await.next(delivered);
    Broadcast second = Await.next(delivered);
    Broadcast third = Await.next(delivered);
    assertEquals(1, first.offset());
    assertEquals(2, second.offset());
    assertNotNull(first.epoch());
    assertEquals(first.epoch(), second.epoch());
    assertNull(third.epoch());
    assertEquals("3", third.data());
    assertEquals(3.0, metrics.count(MetricNames.SERVER_MSG_TOTAL));
  }

  @Test
  @DisplayName("Verifies that a broadcast the broker reports as a repeat is not delivered again")
  void repeatsAreNotDelivered() {
    deploy(new RecordingBroker(new NoBroker()).onPublish((b, key) ->
        Future.succeededFuture(new Broker.Published(b, !b.data().equals("\"again\"")))));
    publish(Broadcast.of("chat", "\"again\"").encode());
    publish(Broadcast.of("chat", "\"new\"").encode());

    assertEquals("\"new\"", Await.next(delivered).data());
    assertTrue(delivered.isEmpty());
  }

  @Test
  @DisplayName("Verifies that undecodable messages and broker failures are counted as failed and dropped")
  void failuresAreCountedAndDropped() {
    deploy(new RecordingBroker(new NoBroker()).onPublish((b, key) -> b.data().equals("\"refused\"")
        ? Future.failedFuture(new IllegalStateException("broker down")) : Future.succeededFuture(
        new Broker.Published(b, true))));
    publish("not json at all");
    publish("{\"neither\":\"stream nor command\"}");
    publish(Broadcast.of("chat", "\"refused\"").encode());
    publish(Broadcast.of("chat", "\"fine\"").encode());

    assertEquals("\"fine\"", Await.next(delivered).data());
    assertEquals(3.0, metrics.count(MetricNames.FAILED_SERVER_MSG_TOTAL));
    assertEquals(2.0, metrics.count(MetricNames.SERVER_MSG_TOTAL), "only decoded messages count as received");
  }

  @Test
  @DisplayName("Verifies that a remote disconnect command is handed to the session registry's callback")
  void remoteDisconnectReachesTheCallback() {
    deploy(new NoBroker());
    publish(new RemoteDisconnect("{\"uid\":\"26\"}", true).encode());

    assertEquals(new RemoteDisconnect("{\"uid\":\"26\"}", true), Await.next(disconnects));
  }
}
