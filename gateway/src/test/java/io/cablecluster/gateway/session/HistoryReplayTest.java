package io.cablecluster.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.sessions.MemorySessionVault;
import io.cablecluster.core.sessions.SessionsConfig;
import io.cablecluster.core.streams.MemoryStreamLog;
import io.cablecluster.core.streams.StreamLogConfig;
import io.cablecluster.gateway.broker.Broker;
import io.vertx.core.Future;
import io.cablecluster.gateway.broker.MemoryBroker;
import io.cablecluster.gateway.broker.NoBroker;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.Brokers;
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
  private MemoryStreamLog log;
  private Subscription subscription;
  private String epoch;
  private final long since = System.currentTimeMillis() / 1000 - 60;

  @BeforeEach
  void setUp(Vertx vertx) {
    log = new MemoryStreamLog(vertx, new StreamLogConfig("memory", 100, 300, 1000, 1 << 20));
    broker = Brokers.memory(vertx, log, new SessionsConfig(300, 1000, 65536));
    subscription = new Subscription(ID);
    subscription.streams.add("a");
    for (int i = 1; i <= 3; i++) {
      epoch = publish("a", "{\"a\":" + i + "}").epoch();
    }
  }

  private Broadcast publish(String stream, String data) {
    return Await.result(log.append(Broadcast.of(stream, data), null));
  }

  private static JsonObject at(String epoch, long offset) {
    return new JsonObject().put("epoch", epoch).put("offset", offset);
  }

  private List<String> frames(JsonObject request) {
    return frames(broker, subscription, request);
  }

  /** The frames a fresh subscription gets for a request: the missed messages and the verdict. */
  private static List<String> frames(Broker broker, Subscription subscription, JsonObject request) {
    return Await.result(HistoryReplay.missed(broker, subscription, request).transform(ar -> {
      if (ar.failed()) {
        return Future.succeededFuture(List.of(Frames.rejectHistory(subscription.identifier())));
      }
      if (ar.result() == null) {
        return Future.succeededFuture(List.<String>of());
      }
      List<String> frames = new java.util.ArrayList<>();
      ar.result().forEach(b -> frames.add(Frames.data(subscription.identifier(), b.data(), b)));
      frames.add(Frames.confirmHistory(subscription.identifier()));
      return Future.succeededFuture(frames);
    }));
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
  @DisplayName("Verifies that a given position always wins: an unknown epoch, an offset beyond the stream, a negative or malformed offset is answered reject_history even with since")
  void uncoveredPositionsRejectEvenWithSince() {
    assertEquals(List.of(Frames.rejectHistory(ID)), frames(new JsonObject().put("since", since)
        .put("streams", new JsonObject().put("a", at("other", 1)))), "foreign epoch, since also given");
    assertEquals(List.of(Frames.rejectHistory(ID)),
        frames(new JsonObject().put("streams", new JsonObject().put("a", at("other", 1)))));
    assertEquals(List.of(Frames.rejectHistory(ID)), frames(new JsonObject().put("since", since)
        .put("streams", new JsonObject().put("a", at(epoch, 9)))), "offset from the future");
    assertEquals(List.of(Frames.rejectHistory(ID)), frames(new JsonObject()
        .put("streams", new JsonObject().put("a", at(epoch, -5)))), "negative offset");
    assertEquals(List.of(Frames.rejectHistory(ID)), frames(new JsonObject()
        .put("streams", new JsonObject().put("a", at(epoch, Long.MAX_VALUE)))), "huge offset");
    assertEquals(List.of(Frames.rejectHistory(ID)),
        frames(new JsonObject().put("streams", new JsonObject().put("a", new JsonObject().put("epoch", epoch)))),
        "a position without offset");
    assertEquals(List.of(Frames.rejectHistory(ID)),
        frames(new JsonObject().put("streams", new JsonObject().put("a", "1"))), "a position that is no object");
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
        frames(broker, new Subscription(ID), request));
    assertEquals(List.of(Frames.rejectHistory(ID)),
        frames(new NoBroker(), subscription, request));
  }
}
