package io.cablecluster.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.gateway.broker.BrokerConfig;
import io.cablecluster.gateway.broker.MemoryBroker;
import io.cablecluster.gateway.broker.NoBroker;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The frames answering a history request, computed from a memory broker (or none) for one subscription. */
@ExtendWith(VertxExtension.class)
class HistoryReplayTest {
  private static final String ID = "{\"channel\":\"Chat\"}";
  private MemoryBroker broker;
  private Subscription subscription;
  private String epoch;
  private final long since = System.currentTimeMillis() / 1000 - 60;

  @BeforeEach
  void setUp(Vertx vertx) {
    broker = new MemoryBroker(vertx, new BrokerConfig("memory", 100, 300, 1000, 300, 1000), new CableMetrics(Map.of()));
    subscription = new Subscription(ID);
    subscription.streams.add("a");
    for (int i = 1; i <= 3; i++) {
      epoch = publish("a", "{\"a\":" + i + "}").epoch();
    }
  }

  private Broadcast publish(String stream, String data) {
    return Await.result(broker.publish(Broadcast.of(stream, data), null)).broadcast();
  }

  private static JsonObject at(String epoch, long offset) {
    return new JsonObject().put("epoch", epoch).put("offset", offset);
  }

  private List<String> frames(JsonObject request) {
    return Await.result(HistoryReplay.frames(broker, subscription, request));
  }

  private List<String> frames(String stream, long... offsets) {
    return java.util.Arrays.stream(offsets).mapToObj(offset -> {
      Broadcast stored = Broadcast.of(stream, "{\"" + stream + "\":" + offset + "}").withPosition(
          Await.result(broker.subscribe(stream)).epoch(), offset);
      return Frames.data(ID, stored.data(), stored);
    }).toList();
  }

  @Test
  @DisplayName("Verifies that a request with neither since nor streams is ignored (no frames at all)")
  void emptyRequestIsIgnored() {
    assertEquals(List.of(), frames(new JsonObject()));
  }

  @Test
  @DisplayName("Verifies that the messages after a known position are sent in order, then confirm_history")
  void fromAPositionSendsWhatFollows() {
    List<String> expected = new java.util.ArrayList<>(frames("a", 2, 3));
    expected.add(Frames.confirmHistory(ID));
    assertEquals(expected, frames(new JsonObject().put("streams", new JsonObject().put("a", at(epoch, 1)))));
  }

  @Test
  @DisplayName("Verifies that a position of an unknown epoch falls back to the request's since time")
  void unknownEpochFallsBackToSince() {
    List<String> expected = new java.util.ArrayList<>(frames("a", 1, 2, 3));
    expected.add(Frames.confirmHistory(ID));
    assertEquals(expected, frames(new JsonObject().put("since", since)
        .put("streams", new JsonObject().put("a", at("other", 1)))));
  }

  @Test
  @DisplayName("Verifies that an unknown epoch without since, or an offset beyond the stream, is answered reject_history")
  void uncoveredPositionsReject() {
    assertEquals(List.of(Frames.rejectHistory(ID)),
        frames(new JsonObject().put("streams", new JsonObject().put("a", at("other", 1)))));
    assertEquals(List.of(Frames.rejectHistory(ID)), frames(new JsonObject().put("since", since)
        .put("streams", new JsonObject().put("a", at(epoch, 9)))), "since only rescues an unknown epoch");
    assertEquals(List.of(Frames.rejectHistory(ID)),
        frames(new JsonObject().put("streams", new JsonObject().put("a", new JsonObject().put("epoch", epoch)))),
        "a position without offset");
  }

  @Test
  @DisplayName("Verifies that every stream of the subscription is served, by position or by since, with one confirm_history")
  void everyStreamIsServed() {
    subscription.streams.add("b");
    publish("b", "{\"b\":1}");
    List<String> expected = new java.util.ArrayList<>(frames("a", 3));
    expected.addAll(frames("b", 1));
    expected.add(Frames.confirmHistory(ID));
    assertEquals(expected, frames(new JsonObject().put("since", since)
        .put("streams", new JsonObject().put("a", at(epoch, 2)))));
  }

  @Test
  @DisplayName("Verifies that a subscription without streams, or a node without a broker, answers reject_history")
  void nothingToServeRejects() {
    JsonObject request = new JsonObject().put("since", since);
    assertEquals(List.of(Frames.rejectHistory(ID)),
        Await.result(HistoryReplay.frames(broker, new Subscription(ID), request)));
    assertEquals(List.of(Frames.rejectHistory(ID)),
        Await.result(HistoryReplay.frames(new NoBroker(), subscription, request)));
  }
}
