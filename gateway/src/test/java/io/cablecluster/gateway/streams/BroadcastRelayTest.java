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

  private void deploy() {
    Await.result(vertx.deployVerticle(new BroadcastRelay(metrics, disconnects::add)));
    Await.result(vertx.eventBus().<Broadcast>localConsumer(Addresses.stream("chat"), m -> delivered.add(m.body()))
        .completion());
  }

  private void publish(String text) {
    vertx.eventBus().publish(Addresses.BROADCAST, text);
  }

  @Test
  @DisplayName("Verifies that broadcasts reach the stream's node-local address with the position the log gave them")
  void broadcastsKeepTheirPositions() {
    deploy();
    publish(Broadcast.of("chat", "1").withPosition("ep", 7).encode());
    publish(new Broadcast("chat", "3", null, true, null, null, 0).encode());

    Broadcast numbered = Await.next(delivered);
    Broadcast whisper = Await.next(delivered);
    assertEquals(7, numbered.offset());
    assertEquals("ep", numbered.epoch());
    assertNull(whisper.epoch());
    assertEquals(2.0, metrics.count(MetricNames.BROADCAST_MSG_TOTAL));
  }

  @Test
  @DisplayName("Verifies that undecodable messages are counted as failed and dropped")
  void failuresAreCountedAndDropped() {
    deploy();
    publish("not json at all");
    publish("{\"neither\":\"stream nor command\"}");
    publish(Broadcast.of("chat", "\"fine\"").encode());

    assertEquals("\"fine\"", Await.next(delivered).data());
    assertEquals(2.0, metrics.count(MetricNames.FAILED_SERVER_MSG_TOTAL));
    assertEquals(1.0, metrics.count(MetricNames.BROADCAST_MSG_TOTAL), "only decoded messages count as received");
  }

  @Test
  @DisplayName("Verifies that a remote disconnect command is handed to the session registry's callback")
  void remoteDisconnectReachesTheCallback() {
    deploy();
    publish(new RemoteDisconnect("{\"uid\":\"26\"}", true).encode());

    assertEquals(new RemoteDisconnect("{\"uid\":\"26\"}", true), Await.next(disconnects));
  }
}
