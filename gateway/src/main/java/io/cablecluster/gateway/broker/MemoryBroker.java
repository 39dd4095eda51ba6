package io.cablecluster.gateway.broker;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * {@code --broker=memory}: this node numbers every stream it receives and keeps its recent history and
 * its closed sessions in memory. Each node receives every broadcast, so each numbers streams under its
 * own epochs: a position is only understood by the node that assigned it (others answer by time).
 */
public final class MemoryBroker implements Broker {
  private static final Future<Void> DONE = Future.succeededFuture();
  private final Vertx vertx;
  private final HistoryStore history;
  private final SessionStore sessions;

  public MemoryBroker(Vertx vertx, BrokerConfig config, CableMetrics metrics) {
    this.vertx = vertx;
    this.history = new HistoryStore(config.historyLimit(), config.historyTtlSeconds(), config.maxStreams());
    this.sessions = new SessionStore(config.sessionsTtlSeconds(), config.maxSessions());
    metrics.gauge(MetricNames.HISTORY_STREAMS_NUM, history::size);
  }

  @Override
  public Future<Void> start() {
    history.start(vertx);
    sessions.start(vertx);
    return DONE;
  }

  @Override
  public Future<Void> stop() {
    history.stop(vertx);
    sessions.stop(vertx);
    return DONE;
  }

  @Override
  public Future<Published> publish(Broadcast broadcast, String idempotencyKey) {
    if (broadcast.isTransient()) {
      return Future.succeededFuture(new Published(broadcast, true));
    }
    return Future.succeededFuture(history.append(broadcast, idempotencyKey));
  }

  @Override
  public Future<StreamPosition> subscribe(String stream) {
    return Future.succeededFuture(history.position(stream));
  }

  @Override
  public Future<Void> unsubscribe(String stream) {
    return DONE;
  }

  @Override
  public Future<List<Broadcast>> historyFrom(String stream, String epoch, long offset) {
    try {
      return Future.succeededFuture(history.after(stream, epoch, offset));
    } catch (HistoryUnavailable e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<List<Broadcast>> historySince(String stream, long sinceSeconds) {
    return Future.succeededFuture(history.since(stream, sinceSeconds * 1000L));
  }

  @Override
  public Future<Void> commitSession(String sid, SessionSnapshot snapshot) {
    sessions.keep(sid, snapshot);
    return DONE;
  }

  @Override
  public Future<SessionSnapshot> restoreSession(String sid) {
    return Future.succeededFuture(sessions.take(sid));
  }

  @Override
  public Future<List<String>> presence(String stream) {
    return Future.failedFuture(new PresenceUnsupported());
  }
}
