package io.cablecluster.core.status;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.NodeConfig;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * This node's status snapshot (identity, roles, uptime, what its roles contribute, selected counters) and
 * the event-bus consumer on {@link Addresses#status(String)} that answers it to whichever node's
 * {@code /_status} page asks. A snapshot is built at most every {@link #REUSE_MS} ms however many pages ask.
 */
public final class NodeStatus {
  static final long REUSE_MS = 500;
  /** Counters whose rates the page charts (ingested here, received by this node's gateway, from clients). */
  static final List<String> TRAFFIC = List.of(MetricNames.BROADCAST_MSG_TOTAL, MetricNames.SERVER_MSG_TOTAL,
      MetricNames.CLIENT_MSG_TOTAL);
  /** Refused or dropped input, by kind: every hostile-input counter the node keeps. */
  static final List<String> REJECTED = List.of(MetricNames.FAILED_CLIENT_MSG_TOTAL,
      MetricNames.CLIENT_MSG_TOO_BIG_TOTAL, MetricNames.WS_PROTOCOL_ERRORS_TOTAL,
      MetricNames.SUBSCRIPTIONS_OVER_LIMIT_TOTAL, MetricNames.FAILED_AUTHS_TOTAL, MetricNames.ORIGIN_REFUSED_TOTAL,
      MetricNames.CONN_LIMIT_REFUSED_TOTAL, MetricNames.HEAP_REFUSED_TOTAL, MetricNames.READ_HEADER_TIMEOUT_TOTAL,
      MetricNames.HTTP_IDLE_TIMEOUT_TOTAL, MetricNames.FAILED_BROADCAST_MSG_TOTAL,
      MetricNames.WS_EVENTS_UNAUTHORIZED_TOTAL, MetricNames.WS_EVENTS_FAILED_TOTAL,
      MetricNames.REDIS_STREAMS_MALFORMED_TOTAL, MetricNames.REDISX_MALFORMED_TOTAL,
      MetricNames.WS_PONGS_DROPPED_TOTAL, MetricNames.DISCONNECTED_SLOW_CLIENTS_TOTAL,
      MetricNames.DISCONNECT_QUEUE_DROPPED_TOTAL, MetricNames.PRESENCE_JOINS_REFUSED_TOTAL);

  private final Vertx vertx;
  private final String nodeId;
  private final NodeConfig node;
  private final CableMetrics metrics;
  private final List<StatusContributor> contributors;
  private final long startedAt = System.currentTimeMillis();
  private volatile String address;
  private MessageConsumer<String> consumer;
  private JsonObject last;
  private long lastAt;

  public NodeStatus(Vertx vertx, NodeConfig node, CableMetrics metrics, List<StatusContributor> contributors) {
    this.vertx = vertx;
    this.nodeId = idOf(vertx);
    this.node = node;
    this.metrics = metrics;
    this.contributors = List.copyOf(contributors);
  }

  /** The cluster manager's id for this node when clustered (what {@code getNodes()} lists), else a random one. */
  static String idOf(Vertx vertx) {
    return vertx.isClustered() ? ((VertxInternal) vertx).clusterManager().getNodeId() : UUID.randomUUID().toString();
  }

  public String nodeId() {
    return nodeId;
  }

  /** Where the node's main port listens, shown next to its id (known once the HTTP servers are bound). */
  public void listening(String host, int port) {
    this.address = host + ":" + port;
  }

  /** Starts answering snapshot requests from any node's status page. */
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(Addresses.status(nodeId), message -> message.reply(snapshot().encode()));
    return consumer.completion();
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** The current snapshot, reused for {@link #REUSE_MS} ms (it is asked by every page on every node). */
  public synchronized JsonObject snapshot() {
    long now = System.currentTimeMillis();
    if (last == null || now - lastAt >= REUSE_MS) {
      last = build(now);
      lastAt = now;
    }
    return last.copy();
  }

  private JsonObject build(long now) {
    StatusSnapshot snapshot = new StatusSnapshot();
    for (StatusContributor contributor : contributors) {
      contributor.contribute(snapshot);
    }
    Runtime runtime = Runtime.getRuntime();
    return snapshot.toJson()
        .put("node", nodeId)
        .put("address", address)
        .put("roles", new JsonArray(List.copyOf(node.roles())))
        .put("uptime_ms", now - startedAt)
        .put("at", now)
        .put("heap_used_bytes", runtime.totalMemory() - runtime.freeMemory())
        .put("heap_max_bytes", runtime.maxMemory())
        .put("counters", counters(TRAFFIC))
        .put("rejected", counters(REJECTED));
  }

  /** The named counters this node registered (a counter no role of the node has is left out, not shown as 0). */
  private JsonObject counters(List<String> names) {
    JsonObject values = new JsonObject();
    for (String name : names) {
      double value = metrics.value(name);
      if (!Double.isNaN(value)) {
        values.put(name, (long) value);
      }
    }
    return values;
  }
}
