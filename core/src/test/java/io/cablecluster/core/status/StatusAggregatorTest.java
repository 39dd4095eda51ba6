package io.cablecluster.core.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.NodeConfig;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The cluster round of the status page, with members simulated on one Vert.x's event bus. */
class StatusAggregatorTest {
  private static final long TIMEOUT_MS = 300;
  private Vertx vertx;
  private CableMetrics metrics;
  private NodeStatus self;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    metrics = new CableMetrics(Map.of());
    metrics.counter(MetricNames.FAILED_CLIENT_MSG_TOTAL).increment(3);
    NodeConfig node = NodeConfig.from(Settings.of(Map.of("roles", "gateway")));
    self = new NodeStatus(vertx, node, metrics, List.of(snapshot -> {
      snapshot.connections(7);
      snapshot.streams(2);
      snapshot.stream("quiet", 1);
      snapshot.stream("busy", 6);
    }));
    await(self.start());
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private StatusAggregator aggregator(List<String> others) {
    List<String> members = new ArrayList<>(others);
    members.add(0, self.nodeId());
    return new StatusAggregator(vertx, self, () -> members, TIMEOUT_MS,
        metrics.counter(MetricNames.STATUS_NO_ANSWER_TOTAL));
  }

  private static JsonObject member(JsonObject round, String id) {
    for (Object member : round.getJsonArray("members")) {
      if (id.equals(((JsonObject) member).getString("node"))) {
        return (JsonObject) member;
      }
    }
    throw new AssertionError(id + " missing from " + round.encode());
  }

  @Test
  @DisplayName("Verifies that a round lists this node with its roles' figures, top streams first, and its counters")
  void aRoundListsThisNodeWithItsFigures() throws Exception {
    JsonObject round = await(aggregator(List.of()).cluster());
    assertEquals(1, round.getJsonArray("members").size());
    JsonObject me = member(round, self.nodeId());
    assertEquals(true, me.getBoolean("answered"));
    assertEquals(true, me.getBoolean("self"));
    assertEquals(7, me.getInteger("connections"));
    assertEquals(new JsonArray().add("gateway"), me.getJsonArray("roles"));
    assertEquals("busy", me.getJsonArray("top_streams").getJsonObject(0).getString("stream"));
    assertEquals(3, me.getJsonObject("rejected").getInteger(MetricNames.FAILED_CLIENT_MSG_TOTAL));
    assertTrue(!me.getJsonObject("rejected").containsKey(MetricNames.ORIGIN_REFUSED_TOTAL),
        "a counter nobody registered is left out, not registered by the status page");
  }

  @Test
  @DisplayName("Verifies that a member that never answers is listed as no answer after the timeout while the others are shown")
  void aSilentMemberIsShownAsNoAnswerAfterTheTimeout() throws Exception {
    // A second node that answers, a silent one (its consumer never replies), one with no consumer at all.
    NodeStatus other = new NodeStatus(vertx, NodeConfig.from(Settings.of(Map.of("roles", "broadcaster"))), metrics,
        List.of(snapshot -> snapshot.redisIngest(true, true, 12L, 1L)));
    await(other.start());
    await(vertx.eventBus().consumer(Addresses.status("silent"), message -> { }).completion());
    long started = System.nanoTime();
    JsonObject round = await(aggregator(List.of(other.nodeId(), "silent", "gone")).cluster());
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertEquals(4, round.getJsonArray("members").size());
    assertEquals(self.nodeId(), round.getJsonArray("members").getJsonObject(0).getString("node"), "this node first");
    JsonObject answering = member(round, other.nodeId());
    assertEquals(true, answering.getBoolean("answered"));
    assertEquals(12, answering.getJsonObject("redis").getInteger("lag_ms"));
    JsonObject silent = member(round, "silent");
    assertEquals(false, silent.getBoolean("answered"));
    assertEquals("no answer within " + TIMEOUT_MS + " ms", silent.getString("error"));
    assertEquals("no status consumer", member(round, "gone").getString("error"));
    assertEquals(2, metrics.count(MetricNames.STATUS_NO_ANSWER_TOTAL));
    assertTrue(tookMs >= TIMEOUT_MS && tookMs < TIMEOUT_MS + 2000, "bounded by the member timeout: " + tookMs + " ms");
  }

  @Test
  @DisplayName("Verifies that an oversized or non-JSON answer is shown as an invalid answer, not passed on")
  void anUnreadableAnswerIsShownAsInvalid() throws Exception {
    await(vertx.eventBus().<String>consumer(Addresses.status("huge"),
        message -> message.reply("{\"x\":\"" + "a".repeat(StatusAggregator.MAX_ANSWER_CHARS) + "\"}")).completion());
    await(vertx.eventBus().<String>consumer(Addresses.status("garbage"), message -> message.reply("[1,2")).completion());
    JsonObject round = await(aggregator(List.of("huge", "garbage")).cluster());
    assertEquals("invalid answer", member(round, "huge").getString("error"));
    assertEquals("invalid answer", member(round, "garbage").getString("error"));
  }

  @Test
  @DisplayName("Verifies that page requests during a round share it instead of asking the cluster again")
  void requestsDuringARoundShareIt() throws Exception {
    await(vertx.eventBus().consumer(Addresses.status("silent"), message -> { }).completion());
    StatusAggregator aggregator = aggregator(List.of("silent"));
    Future<JsonObject> first = aggregator.cluster();
    assertSame(first, aggregator.cluster());
    await(first);
    assertSame(first, aggregator.cluster(), "reused just after it completed");
    assertEquals(1, metrics.count(MetricNames.STATUS_NO_ANSWER_TOTAL), "the silent member was asked once");
  }

  @Test
  @DisplayName("Verifies that more than MAX_MEMBERS members are cut to the bound and the rest counted as omitted")
  void membersAreBounded() throws Exception {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < StatusAggregator.MAX_MEMBERS + 5; i++) {
      String id = "member-" + i;
      many.add(id);
      await(vertx.eventBus().<String>consumer(Addresses.status(id), message -> message.reply("{}")).completion());
    }
    JsonObject round = await(aggregator(many).cluster());
    assertEquals(StatusAggregator.MAX_MEMBERS, round.getJsonArray("members").size());
    assertEquals(6, round.getInteger("members_omitted"));
  }
}
